import Contracts
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// `box load --api URL`: the Chirp workload POSTed to the ingest API over
/// keep-alive connections, open loop: request `i` is due at
/// `start + i × batch / rate`, and its latency counts from when it was due
/// (so a slow server cannot hide its queueing by slowing the sender down).
struct APILoad {
    var host: String
    var port: Int
    var apiKey: String?
    var connections: Int
    /// Events per request: 1 posts to /v1/events, more to /v1/events:batch.
    var batch: Int
    /// Events per second to send; 0 sends as fast as the server answers.
    var sendRate: Double

    struct Report {
        var requests = 0
        var accepted = 0
        var statuses: [Int: Int] = [:]
        var transportErrors = 0
        var latenciesMs: [Double] = []
        var seconds = 0.0

        func percentile(_ p: Double) -> Double {
            latenciesMs.percentile(p) ?? .nan
        }

        var summary: String {
            let statusText = statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")
            return String(format: "box load: %d requests in %.2f s, %.0f events/s accepted; statuses {%@}%@; latency p50 %.2f ms, p99 %.2f ms",
                          requests, seconds, Double(accepted) / max(seconds, 1e-9), statusText,
                          transportErrors == 0 ? "" : ", \(transportErrors) transport errors", percentile(0.5), percentile(0.99))
        }
    }

    func run(_ events: [ChirpEvent]) async throws -> Report {
        let bodies: [String] = batch == 1
            ? events.map(\.jsonLine)
            : stride(from: 0, to: events.count, by: batch).map { "[" + events[$0..<min($0 + batch, events.count)].map(\.jsonLine).joined(separator: ",") + "]" }
        let path = batch == 1 ? "/v1/events" : "/v1/events:batch"
        let counts = bodies.indices.map { min(batch, events.count - $0 * batch) }
        let next = NIOLockedValueBox(0)
        let report = NIOLockedValueBox(Report())
        let start = ContinuousClock.now
        let interval = sendRate > 0 ? Duration.seconds(Double(batch) / sendRate) : .zero
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await APIConnection.open(host: host, port: port, apiKey: apiKey) { send in
                        while true {
                            let index = next.withLockedValue { value -> Int in defer { value += 1 }; return value }
                            guard index < bodies.count else { return }
                            // Open loop: due on the schedule, latency from then. Closed loop (no rate): from the send.
                            var due = start + interval * index
                            if sendRate > 0, due > .now { try await Task.sleep(until: due) }
                            if sendRate == 0 { due = .now }
                            let answer = try? await send(path, bodies[index])
                            let latency = ContinuousClock.now - due
                            report.withLockedValue { report in
                                report.requests += 1
                                if let (status, body) = answer {
                                    report.statuses[status, default: 0] += 1
                                    if status == 202 { report.accepted += counts[index] }
                                    if status == 200, case .integer(let accepted)? = (try? JSONValue.parseObject(body))?["accepted"] {
                                        report.accepted += Int(accepted)
                                    }
                                } else {
                                    report.transportErrors += 1
                                }
                                report.latenciesMs.append(latency / .milliseconds(1))
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        var final = report.withLockedValue { $0 }
        let elapsed = ContinuousClock.now - start
        final.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return final
    }
}
