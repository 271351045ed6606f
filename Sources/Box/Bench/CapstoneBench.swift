import Contracts
import Foundation

/// The capstone end to end: `box demo` (this executable) at a rate above
/// what the pipeline sustains, for `duration` seconds: the events/s the API
/// accepted with the audit balanced, and the event → notebook chart latency
/// the demo's probe measured meanwhile.
struct CapstoneBench {
    let directory: URL
    var rate: Double
    var batch: Int
    var duration: Double

    func rows() throws -> [BenchTable.Row] {
        let box = BoxExecutable.path
        let output = directory.appendingPathComponent("demo.out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: box)
        process.arguments = ["demo", "--rate", String(rate), "--batch", String(batch), "--duration", String(duration),
                             "--dir", directory.appendingPathComponent("demo").path]
        process.standardOutput = try FileHandle.empty(atPath: output.path)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        func number(_ pattern: String) -> Double? {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                  let range = Range(match.range(at: 1), in: text) else { return nil }
            return Double(text[range])
        }
        let balanced = process.terminationStatus == 0 && text.contains("audit: BALANCED")
        let perSecond = number(#"load: \d+ events accepted in [0-9.]+ s: (\d+) events/s"#)
        let p99 = number(#"event → notebook chart p50 \d+ ms, p99 (\d+) ms"#)
        let offered = "\(Int(rate)) offered, batches of \(batch)"
        // Through to the store: the accepted events over the load's time plus the persist job's catching up after it.
        let accepted = number(#"load: (\d+) events accepted in"#), loadSeconds = number(#"events accepted in ([0-9.]+) s"#)
        let catchUp = number(#"persist job caught up ([0-9.]+) s after the load ended"#)
        var throughStore: Double?
        if let accepted, let loadSeconds, let catchUp { throughStore = accepted / max(loadSeconds + catchUp, 0.001) }
        return [
            BenchTable.Row(name: "capstone: events/s accepted by the API, every one through log, streaming and store, audit \(balanced ? "balanced" : "NOT balanced") (\(offered))",
                           figure: perSecond.map { "\(Int($0)) events/s" } ?? "no figure (see \(output.path))",
                           target: "≥ 100000 events/s", met: balanced && (perSecond ?? 0) >= 100_000),
            BenchTable.Row(name: "capstone: the same events through to the store (accepted ÷ (load time + the persist job's catching up))",
                           figure: throughStore.map { "\(Int($0)) events/s" + (catchUp.map { String(format: ", caught up %.0f s after the load", $0) } ?? "") }
                               ?? "no figure (the persist job did not catch up)",
                           target: "≥ 100000 events/s", met: balanced && (throughStore ?? 0) >= 100_000),
            BenchTable.Row(name: "capstone: event → notebook chart latency p99",
                           figure: p99.map { "\(Int($0)) ms" } ?? "no figure", target: "< 2000 ms", met: (p99 ?? .infinity) < 2_000),
        ]
    }
}
