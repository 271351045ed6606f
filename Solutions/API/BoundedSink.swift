import Contracts

/// Step 4: backpressure. At most `maxInFlight` events are in the log's
/// hands at once; past that, `publish` fails at once with `SinkOverloaded`
/// (the API answers 503 with Retry-After) instead of queueing: memory stays
/// bounded however slow the log gets.
///
/// An actor, so the count needs no lock; while one publish awaits the log
/// the actor serves the next (reentrancy), so the bound is on events in
/// flight, not on one at a time.
actor BoundedSink: EventSink {
    private let sink: any EventSink
    private let maxInFlight: Int
    private var inFlight = 0

    init(_ sink: any EventSink, maxInFlight: Int) {
        self.sink = sink
        self.maxInFlight = maxInFlight
    }

    func publish(_ events: [ChirpEvent]) async throws {
        guard inFlight + events.count <= maxInFlight else {
            throw SinkOverloaded(inFlight: inFlight, maxInFlight: maxInFlight)
        }
        inFlight += events.count
        defer { inFlight -= events.count }
        try await sink.publish(events)
    }
}
