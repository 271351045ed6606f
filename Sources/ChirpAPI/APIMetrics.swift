import Contracts
import NIOConcurrencyHelpers

/// Counters served at `/metrics` in Prometheus' text format.
final class APIMetrics: Sendable {
    private struct Counts {
        var responses: [Int: Int] = [:]
        var accepted = 0
        var rejected = 0
        var streams = 0
    }

    private let counts = NIOLockedValueBox(Counts())

    func responded(_ status: Int) { counts.withLockedValue { $0.responses[status, default: 0] += 1 } }
    func accepted(_ n: Int) { counts.withLockedValue { $0.accepted += n } }
    func rejected(_ n: Int) { counts.withLockedValue { $0.rejected += n } }
    func streamOpened() { counts.withLockedValue { $0.streams += 1 } }
    func streamClosed() { counts.withLockedValue { $0.streams -= 1 } }

    /// The exposition text, with the directory's gauges.
    func text(directory: any UserDirectory) async -> String {
        let counts = counts.withLockedValue { $0 }
        let actors = await directory.activeUsers()
        let restarts = await directory.restarts()
        var lines = [
            "# HELP chirp_api_events_accepted_total Events the log acknowledged.",
            "# TYPE chirp_api_events_accepted_total counter",
            "chirp_api_events_accepted_total \(counts.accepted)",
            "# HELP chirp_api_events_refused_total Events answered with an error (invalid, rate limited, blocked, overloaded, log down).",
            "# TYPE chirp_api_events_refused_total counter",
            "chirp_api_events_refused_total \(counts.rejected)",
            "# HELP chirp_api_user_actors User actors alive now.",
            "# TYPE chirp_api_user_actors gauge",
            "chirp_api_user_actors \(actors)",
            "# HELP chirp_api_actor_restarts_total User actors restarted by their supervisor.",
            "# TYPE chirp_api_actor_restarts_total counter",
            "chirp_api_actor_restarts_total \(restarts)",
            "# HELP chirp_api_notification_streams Clients connected to a notification stream now.",
            "# TYPE chirp_api_notification_streams gauge",
            "chirp_api_notification_streams \(counts.streams)",
            "# HELP chirp_api_responses_total Responses by HTTP status.",
            "# TYPE chirp_api_responses_total counter",
        ]
        for status in counts.responses.keys.sorted() {
            lines.append("chirp_api_responses_total{status=\"\(status)\"} \(counts.responses[status]!)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
