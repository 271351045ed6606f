import Contracts
import Foundation
import HummingbirdWSClient
import Logging
import NIOConcurrencyHelpers

/// The event → notebook chart latency: a live chart cell runs in a notebook
/// session (over the WebSocket, as a browser tab runs it) while probe chirps
/// go through the API. A probe's latency runs from its POST to the first
/// chart frame that shows it.
struct DemoLatencyProbe {
    let notebookPort: Int
    /// An API instance to post to (the first running one).
    let apiPort: @Sendable () async -> Int?
    let apiKey: String
    /// The workload's clock: probes carry its newest event time, so they do
    /// not move the streaming jobs' watermarks ahead of the workload.
    let eventTime: @Sendable () -> Int64
    var interval: Duration = .milliseconds(250)

    /// The live cell: the probes, newest first (the chart keeps the 15 highest bars).
    static let cell = """
        -- chart: bar x=id y=t title="Latency probes"
        SELECT id, MAX(ts) AS t FROM chirps WHERE id LIKE 'probe-%' GROUP BY id EMIT CHANGES
        """

    struct Result {
        var latenciesMs: [Double]
        var sent: Int

        var summary: String {
            guard let p50 = latenciesMs.percentile(0.5), let p99 = latenciesMs.percentile(0.99) else { return "latency: no probe reached the notebook's chart (\(sent) sent)" }
            return String(format: "latency: event → notebook chart p50 %.0f ms, p99 %.0f ms (%d of %d probes shown)", p50, p99, latenciesMs.count, sent)
        }
    }

    /// Probes until cancelled.
    func run() async -> Result {
        let sent = NIOLockedValueBox([String: ContinuousClock.Instant]())
        let seen = NIOLockedValueBox([String: Double]())
        let running = NIOLockedValueBox(false)
        let poster = Task {
            // Probes start once the live cell has started (and had a moment to reach the log).
            while !running.withLockedValue({ $0 }), !Task.isCancelled { try? await Task.sleep(for: .milliseconds(50)) }
            try? await Task.sleep(for: .milliseconds(500))
            var number = 0
            while !Task.isCancelled {
                if let port = await apiPort() {
                    number += 1
                    let id = "probe-\(number)"
                    // A user of its own each time: the spam job would throttle one user posting 4 times a second.
                    let event = #"{"id":"\#(id)","type":"post","user":\#(900_000 + number),"ts":\#(eventTime()),"text":"latency probe #probe"}"#
                    sent.withLockedValue { $0[id] = .now }
                    try? await APIConnection.open(host: "127.0.0.1", port: port, apiKey: apiKey) { send in _ = try await send("/v1/events", event) }
                }
                try? await Task.sleep(for: interval)
            }
        }
        let run = #"{"type":"run","cell":"probe","kind":"code","source":\#(String(decoding: try! JSONEncoder().encode(Self.cell), as: UTF8.self))}"#
        // A notebook killed by chaos comes back: the session is opened again.
        while !Task.isCancelled {
            _ = try? await WebSocketClient.connect(url: "ws://127.0.0.1:\(notebookPort)/ws", logger: Logger(label: "demo.probe")) { inbound, outbound, _ in
                try await outbound.write(.text(run))
                for try await message in inbound.messages(maxSize: 16 << 20) {
                    if Task.isCancelled { break }
                    guard case .text(let text) = message, let fields = try? JSONValue.parseObject(Array(text.utf8)) else { continue }
                    if case .string("started")? = fields["type"] { running.withLockedValue { $0 = true } }
                    guard case .string("frame")? = fields["type"], case .string(let html)? = fields["html"] else { continue }
                    let now = ContinuousClock.now
                    let pending = sent.withLockedValue { $0 }
                    seen.withLockedValue { seen in
                        for (id, at) in pending where seen[id] == nil && html.contains(">\(id)<") {
                            seen[id] = (now - at) / .milliseconds(1)
                        }
                    }
                }
                try? await outbound.close(.normalClosure, reason: nil)
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        poster.cancel()
        return Result(latenciesMs: Array(seen.withLockedValue { $0 }.values), sent: sent.withLockedValue { $0.count })
    }
}
