/// Where accepted events go (the log: the Kafka topic `chirps`). `publish`
/// returns only once the events are durable there: only then may the
/// client be told 2xx.
public protocol EventSink: Sendable {
    /// Publishes `events`, in order; returns when the log acknowledged every one.
    func publish(_ events: [ChirpEvent]) async throws
}

/// Thrown by a bounded sink that already holds as many events as it may:
/// the API answers 503 with Retry-After rather than queueing without bound.
public struct SinkOverloaded: Error, Equatable, Sendable, CustomStringConvertible {
    /// The events in flight when this publish was refused.
    public var inFlight: Int
    /// The bound.
    public var maxInFlight: Int

    public init(inFlight: Int, maxInFlight: Int) {
        self.inFlight = inFlight
        self.maxInFlight = maxInFlight
    }

    public var description: String { "the log is behind: \(inFlight) of at most \(maxInFlight) events in flight" }
}
