import Contracts
import KafkaClient

/// Events to a Kafka topic (`chirps`), keyed by user, so that each user's
/// events stay in order in one partition. `publish` hands them to the
/// producer in one call and returns once the broker acknowledged every one.
public struct KafkaEventSink: EventSink {
    public let producer: KafkaProducer
    public let topic: String

    public init(producer: KafkaProducer, topic: String = "chirps") {
        self.producer = producer
        self.topic = topic
    }

    public func publish(_ events: [ChirpEvent]) async throws {
        guard !events.isEmpty else { return }
        let records = events.map { (key: Optional(Array(String($0.user).utf8)), value: Optional(Array($0.jsonLine.utf8))) }
        let deliveries = try await producer.enqueue(topic: topic, records: records)
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
