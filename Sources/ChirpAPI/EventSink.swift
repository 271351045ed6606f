import Contracts
import KafkaClient

/// Events to a Kafka topic (`chirps`), keyed by user, so that each user's
/// events stay in order in one partition.
public struct KafkaEventSink: EventSink {
    public let producer: KafkaProducer
    public let topic: String

    public init(producer: KafkaProducer, topic: String = "chirps") {
        self.producer = producer
        self.topic = topic
    }

    public func publish(_ events: [ChirpEvent]) async throws {
        var deliveries: [Delivery] = []
        deliveries.reserveCapacity(events.count)
        for event in events {
            deliveries.append(try await producer.enqueue(topic: topic, key: Array(String(event.user).utf8),
                                                         value: Array(event.jsonLine.utf8)))
        }
        for delivery in deliveries { _ = try await delivery.acknowledged() }
    }
}

/// Events kept in memory, in order: for tests, and for running the API without a broker.
public actor MemoryEventSink: EventSink {
    public private(set) var events: [ChirpEvent] = []

    public init() {}

    public func publish(_ events: [ChirpEvent]) async throws {
        self.events += events
    }
}
