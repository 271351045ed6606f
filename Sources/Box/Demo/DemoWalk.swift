import Foundation

/// The demo comes up in stages: scheduler, broker, store, API, streaming,
/// notebook, load, chaos. `make demo STEP=1` (`box demo --guided`) is the
/// instructor's walk: after each stage it says what to look at and waits
/// for Enter. Without it the stages run straight through.
struct DemoWalk {
    let guided: Bool
    static let stages = ["the scheduler", "the broker", "the store", "the API", "the streaming jobs", "the notebook",
                         "load", "chaos"]

    /// Announces stage `number` (1-based) as done; when guided, prints what
    /// to look at and waits for Enter (or for the end of standard input).
    func reached(_ number: Int, _ summary: String, lookAt: [String]) async {
        say("stage \(number)/\(Self.stages.count), \(Self.stages[number - 1]): \(summary)")
        guard guided else { return }
        for line in lookAt { say("  look: \(line)") }
        if number < Self.stages.count {
            say("  press Enter for stage \(number + 1), \(Self.stages[number]) (Ctrl-C stops everything)")
            await Self.enter()
        }
    }

    /// Waits for a line on standard input, off the cooperative threads.
    static func enter() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                _ = readLine()
                done.resume()
            }
        }
    }
}
