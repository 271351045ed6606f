import Contracts
import Foundation
import NIOConcurrencyHelpers

/// The demo's load: the Chirp workload POSTed open loop at `rate` (request
/// `i` is due at `start + i × batch / rate`), over the API instances running
/// now: Marathon is asked before each connection, so an instance relaunched
/// on a new port is found.
///
/// Every event is retried, with the same id, until an API accepts it (or
/// refuses it for good: 429 or another 4xx), so a killed API or broker costs
/// time and never an event. An attempt whose
/// outcome is unknown (the connection dropped, or a 5xx) may have reached
/// the log before it failed; its events are remembered as *uncertain*, and
/// the audit lets only those appear in the log more than once.
struct DemoLoad {
    var apiKey: String
    var rate: Double
    /// Events per request: 1 POSTs to /v1/events, more to /v1/events:batch.
    var batch: Int
    /// The ports of the API instances running now.
    var endpoints: @Sendable () async -> [Int]

    /// A request still not accepted this long after it was first sent is given up.
    var patience: Duration = .seconds(120)

    /// Requests in flight at once, each on a keep-alive connection of its
    /// own: enough that the load keeps its schedule while each request takes
    /// up to 25 ms (Little's law: in flight = requests/s × latency), and no
    /// fewer than 8. Each connection has one request in flight (HTTP/1.1),
    /// so too few would cap the load at connections ÷ latency, well below
    /// `rate` when the API answers only after the broker's fsync.
    var connections: Int {
        let requestsPerSecond = rate / Double(max(1, batch))
        return min(128, max(8, Int((requestsPerSecond * 0.025).rounded(.up))))
    }

    /// What happened to the events so far: read each second by the status
    /// line, and in full by the audit.
    final class Progress: Sendable {
        struct Tally {
            var accepted: Set<String> = []
            var uncertain: Set<String> = []
            var abandoned: Set<String> = []
            var rejected = 0
            /// The newest event time accepted so far (the probe stamps its chirps with it).
            var latestEventTime: Int64 = 0
            /// Events refused with 429 (a user over its rate, or throttled for spam).
            var throttled = 0
            var requests = 0
            var retries = 0
            var transportErrors = 0
            /// Due-to-accepted latencies (ms) since the status line last took them.
            var recentLatencies: [Double] = []
        }

        let tally = NIOLockedValueBox(Tally())

        /// Accepted and throttled so far, and the p99 of the latencies since the last call.
        func sample() -> (accepted: Int, throttled: Int, p99: Double?) {
            tally.withLockedValue { tally in
                defer { tally.recentLatencies = [] }
                return (tally.accepted.count, tally.throttled, tally.recentLatencies.percentile(0.99))
            }
        }
    }

    func run(_ events: [ChirpEvent], progress: Progress) async {
        // Room for every id up front: growing a set of a million ids rehashes it all, under the lock every connection takes.
        progress.tally.withLockedValue { $0.accepted.reserveCapacity($0.accepted.count + events.count) }
        let requests = stride(from: 0, to: events.count, by: batch).map { Array(events[$0..<min($0 + batch, events.count)]) }
        let next = NIOLockedValueBox(0)
        let start = ContinuousClock.now
        let interval = Duration.seconds(Double(batch) / rate)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    await self.work(worker: worker, take: {
                        let index = next.withLockedValue { value -> Int in defer { value += 1 }; return value }
                        return index < requests.count ? (requests[index], start + interval * index) : nil
                    }, progress: progress)
                }
            }
        }
    }

    /// One connection's loop: take a request, send it until every event in
    /// it is accepted (reconnecting when the API goes away), take the next.
    private func work(worker: Int, take: () -> ([ChirpEvent], ContinuousClock.Instant)?, progress: Progress) async {
        guard var (pending, due) = take() else { return }
        // When the request was first tried: patience counts from there (the
        // load running behind its schedule is not the request's fault).
        var firstTry: ContinuousClock.Instant?
        var failures = 0
        /// Gives the pending request up (the audit says so) once it has been
        /// tried for longer than the patience; true if it did.
        func gaveUp() -> Bool {
            let now = ContinuousClock.now
            if firstTry == nil { firstTry = now }
            guard now - firstTry! > patience else { return false }
            progress.tally.withLockedValue { $0.abandoned.formUnion(pending.map(\.id)) }
            pending = []
            return true
        }
        while true {
            // No API to reach for that long: the next request instead.
            if !pending.isEmpty, gaveUp() {
                guard let (events, when) = take() else { return }
                (pending, due, firstTry) = (events, when, nil)
            }
            let ports = await endpoints()
            if ports.isEmpty {
                failures += 1
                try? await Task.sleep(for: Self.backoff(failures))
                continue
            }
            do {
                try await APIConnection.open(host: "127.0.0.1", port: ports[(worker + failures) % ports.count], apiKey: apiKey) { send in
                    while true {
                        if pending.isEmpty {
                            guard let (events, when) = take() else { return }
                            (pending, due, firstTry) = (events, when, nil)
                        }
                        if due > .now { try await Task.sleep(until: due) }
                        if gaveUp() { continue }
                        let answer: (Int, [UInt8])
                        do {
                            answer = try await send(batch == 1 ? "/v1/events" : "/v1/events:batch", body(pending))
                        } catch {
                            progress.tally.withLockedValue { $0.uncertain.formUnion(pending.map(\.id)) }
                            throw error
                        }
                        pending = settle(pending, answer, due: due, progress: progress)
                        if pending.isEmpty {
                            failures = 0
                        } else {
                            failures += 1
                            try await Task.sleep(for: Self.backoff(failures))
                        }
                    }
                }
                return
            } catch {
                progress.tally.withLockedValue { $0.transportErrors += 1 }
                failures += 1
                try? await Task.sleep(for: Self.backoff(failures))
            }
        }
    }

    private func body(_ events: [ChirpEvent]) -> String {
        batch == 1 ? events[0].jsonLine : "[" + events.map(\.jsonLine).joined(separator: ",") + "]"
    }

    /// Records what the API said about each event; returns those to send again.
    private func settle(_ events: [ChirpEvent], _ answer: (Int, [UInt8]), due: ContinuousClock.Instant, progress: Progress) -> [ChirpEvent] {
        let (status, body) = answer
        var statuses = Array(repeating: status, count: events.count)
        if status == 200, case .array(let results)? = (try? JSONValue.parseObject(body))?["results"] {
            for case .object(let result) in results {
                if case .integer(let index)? = result["index"], case .integer(let itemStatus)? = result["status"],
                   statuses.indices.contains(Int(index)) {
                    statuses[Int(index)] = Int(itemStatus)
                }
            }
        }
        var again: [ChirpEvent] = []
        let latency = ContinuousClock.now - due
        progress.tally.withLockedValue { tally in
            tally.requests += 1
            for (event, status) in zip(events, statuses) {
                switch status {
                case 200..<300 where status != 200:
                    tally.accepted.insert(event.id)
                    tally.latestEventTime = max(tally.latestEventTime, event.ts)
                case 429:
                    // Rate limited, or throttled as a spammer (the reactive loop): the API said no, and
                    // published nothing. A client would come back after Retry-After; the load takes the no.
                    tally.throttled += 1
                case 400..<500:
                    tally.rejected += 1
                default:
                    // 5xx (or a 200 without this item's result): it may have reached the log.
                    tally.uncertain.insert(event.id)
                    again.append(event)
                }
            }
            if !again.isEmpty { tally.retries += 1 }
            if again.isEmpty {
                tally.recentLatencies.append(latency / .milliseconds(1))
            }
        }
        return again
    }

    /// 50 ms, doubling to at most 2 s.
    static func backoff(_ failures: Int) -> Duration {
        .milliseconds(min(50 << min(failures - 1, 6), 2_000))
    }
}
