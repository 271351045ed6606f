import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints the progress table a student reads after `make check`.
///
///     Warm-up: the Chirp event format · starter track (Labs/Warmup)
///
///       1  Hashtags and mentions          passed         3 ms
///       2  Encode an event as JSON        failing        1 ms
///       3  Decode a JSON line             not started
///
///     First to fix: step 2, Encode an event as JSON
///       ...
struct Report<Subject> {
    let lab: Lab<Subject>
    let color: Bool
    /// Where the hints a student has seen are kept: the hint shown under a
    /// failure counts, so `make hint` goes on with the next one.
    var seen: HintsSeen?

    init(lab: Lab<Subject>) {
        self.lab = lab
        let env = ProcessInfo.processInfo.environment
        color = isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
    }

    var titleWidth: Int { lab.steps.map(\.title.count).max() ?? 0 }

    func header(track: String) {
        let folder = track == "starter" ? lab.starterDirectory
            : lab.starterDirectory.replacingOccurrences(of: "Labs/", with: "Solutions/")
        say(paint("\(lab.title) · \(track) track (\(folder))", .bold))
        say("")
    }

    func row(_ step: Step<Subject>, _ outcome: StepOutcome) {
        let status = outcome.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
        let time = outcome.status == .notStarted ? "" : (outcome.seconds.map(Self.duration) ?? "")
        say("  \(pad(String(step.number), 2))  \(step.title.padding(toLength: titleWidth, withPad: " ", startingAt: 0))  \(paint(status, tone(outcome.status))) \(time)")
    }

    func verifyRow(_ step: Step<Subject>, starter: StepOutcome, solution: StepOutcome, ok: Bool) {
        let verdict = ok ? paint("ok", .green) : paint("WRONG", .red)
        say("  \(pad(String(step.number), 2))  \(step.title.padding(toLength: titleWidth, withPad: " ", startingAt: 0))  starter: \(starter.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) solution: \(solution.status.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(verdict)")
    }

    /// The first step that did not pass, in detail, then the counts.
    func summary(_ steps: [Step<Subject>], _ outcomes: [StepOutcome]) {
        say("")
        // A step that runs and fails says more than one not started yet.
        let broken = outcomes.firstIndex { $0.status != .passed && $0.status != .notStarted }
        if let index = broken ?? outcomes.firstIndex(where: { $0.status != .passed }) {
            let step = steps[index]
            let outcome = outcomes[index]
            say(paint("First to fix: step \(step.number), \(step.title) (\(outcome.status.rawValue))", .bold))
            if let message = outcome.message {
                for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
                    say("  \(line)")
                }
            }
            if let output = outcome.output {
                let lines = output.split(separator: "\n", omittingEmptySubsequences: true).suffix(15)
                say("  It printed\(lines.count == 15 ? " (last 15 lines)" : ""):")
                for line in lines { say("  │ \(line)") }
            }
            say("  Edit:  \(step.file), \(step.function)")
            // The hint about the function the failure names, else the first.
            let chosen = step.hintIndex(for: outcome.message)
            if step.hints.indices.contains(chosen) {
                say("  Hint:  \(step.hints[chosen])")
                if chosen == 0, let seen, seen.count(step: step.number) < 1 { seen.record(step: step.number, count: 1) }
            }
            if step.hints.count > 1 {
                let next = chosen == 0 ? "shows the next, one per run" : "shows them in order, one per run"
                say("         (hint \(chosen + 1) of \(step.hints.count); make hint LAB=\(lab.name) STEP=\(step.number) \(next))")
            }
            say("  Read:  \(step.reading)")
            say("")
        }
        let count = { (status: StepStatus) in outcomes.filter { $0.status == status }.count }
        let parts = [
            "\(count(.passed)) passed",
            "\(count(.failing)) failing",
            "\(count(.notStarted)) not started",
            count(.crashed) > 0 ? "\(count(.crashed)) crashed" : nil,
            count(.timedOut) > 0 ? "\(count(.timedOut)) timed out" : nil,
        ].compactMap { $0 }
        let allPassed = count(.passed) == outcomes.count
        let numbers = steps.map(\.number)  // with STEP=n, steps 1 to n
        let praise = numbers.count == lab.steps.count ? " — every step passes"
            : numbers.count == 1 ? " — step \(numbers[0]) passes" : " — steps \(numbers.first!)–\(numbers.last!) pass"
        say(paint("\(lab.name): " + parts.joined(separator: ", ") + (allPassed ? praise : ""), allPassed ? .green : .bold))
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.2f s", seconds)
    }

    enum Tone: String {
        case bold = "1", green = "32", red = "31", dim = "2"
    }

    func tone(_ status: StepStatus) -> Tone {
        switch status {
        case .passed: .green
        case .failing, .crashed, .timedOut: .red
        case .notStarted: .dim
        }
    }

    func paint(_ text: String, _ tone: Tone) -> String {
        color ? "\u{1B}[\(tone.rawValue)m\(text)\u{1B}[0m" : text
    }

    func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

}

/// Writes one line to stdout, unbuffered, so the table appears as steps finish.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
