import Contracts
import KafkaClient
import NIOConcurrencyHelpers

/// Events to a Kafka topic (`chirps`), keyed by user, so that each user's
/// events stay in order in one partition. `publish` returns once the broker
/// acknowledged every event.
///
/// Concurrent publishes are coalesced: whoever finds no hand-off running
/// starts one, which takes everything waiting and gives it to the producer
/// in one call (one hop onto the producer actor for many requests, not one
/// per event). Events of one publish, and publishes made one after another,
/// keep their order.
public final class KafkaEventSink: EventSink {
    public let producer: KafkaProducer
    public let topic: String

    private struct Waiting {
        var events: [ChirpEvent]
        var continuation: CheckedContinuation<[Delivery], any Error>
    }

    private let queue = NIOLockedValueBox<(waiting: [Waiting], handingOff: Bool)>(([], false))

    public init(producer: KafkaProducer, topic: String = "chirps") {
        self.producer = producer
        self.topic = topic
    }

    public func publish(_ events: [ChirpEvent]) async throws {
        guard !events.isEmpty else { return }
        let deliveries = try await withCheckedThrowingContinuation { continuation in
            let start = queue.withLockedValue { state -> Bool in
                state.waiting.append(Waiting(events: events, continuation: continuation))
                defer { state.handingOff = true }
                return !state.handingOff
            }
            if start { Task { await self.handOff() } }
        }
        for delivery in deliveries { _ = try await delivery.acknowledged() }
    }

    /// Gives the producer everything waiting, until nothing is.
    private func handOff() async {
        while true {
            let taken = queue.withLockedValue { state -> [Waiting] in
                if state.waiting.isEmpty { state.handingOff = false }
                defer { state.waiting = [] }
                return state.waiting
            }
            guard !taken.isEmpty else { return }
            var records: [(key: [UInt8]?, value: [UInt8]?)] = []
            records.reserveCapacity(taken.reduce(0) { $0 + $1.events.count })
            for waiting in taken {
                for event in waiting.events { records.append((Array(String(event.user).utf8), Array(event.jsonLine.utf8))) }
            }
            do {
                let deliveries = try await producer.enqueue(topic: topic, records: records)
                var start = 0
                for waiting in taken {
                    waiting.continuation.resume(returning: Array(deliveries[start..<start + waiting.events.count]))
                    start += waiting.events.count
                }
            } catch {
                for waiting in taken { waiting.continuation.resume(throwing: error) }
            }
        }
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
