import Synchronization

/// Counters served at `/metrics` in Prometheus' text format.
final class APIMetrics: Sendable {
    private let state = Mutex<(responses: [Int: Int], accepted: Int)>(([:], 0))

    func responded(_ status: Int) { state.withLock { $0.responses[status, default: 0] += 1 } }
    func accepted(_ count: Int) { state.withLock { $0.accepted += count } }

    /// The exposition text.
    var text: String {
        let (responses, accepted) = state.withLock { ($0.responses, $0.accepted) }
        var lines = [
            "# HELP chirp_api_events_accepted_total Events the log acknowledged.",
            "# TYPE chirp_api_events_accepted_total counter",
            "chirp_api_events_accepted_total \(accepted)",
            "# HELP chirp_api_responses_total Responses by HTTP status.",
            "# TYPE chirp_api_responses_total counter",
        ]
        for status in responses.keys.sorted() { lines.append("chirp_api_responses_total{status=\"\(status)\"} \(responses[status]!)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
