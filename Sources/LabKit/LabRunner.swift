import CLabSupport
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `check-<lab>` executable: runs a lab's steps against a track and
/// prints the progress table that `make check` shows.
///
/// Each step runs in a child process of its own, so a step whose code traps
/// is reported as crashed and the other steps still report.
///
///     check-warmup [--track starter|solution] [--step N]   the progress table
///     check-warmup --verify          every starter step not started, every solution step passing
///     check-warmup --hints N         step N's next hint, one more each run
///                   [--hint K|all]   …or its K-th hint, or every hint
///     check-warmup --list            the steps: number, title, file, function
public struct LabRunner<Subject: Sendable> {
    public let lab: Lab<Subject>
    /// The implementations by track name (`starter`, `solution`).
    public let tracks: [String: @Sendable () -> Subject]

    public init(lab: Lab<Subject>, tracks: [String: @Sendable () -> Subject]) {
        self.lab = lab
        self.tracks = tracks
    }

    /// Parses the command line, runs, and exits with the verdict's status:
    /// 0 only when every step that was asked for passed.
    public func main() async -> Never {
        let arguments = Arguments(CommandLine.arguments.dropFirst())
        do {
            exit(try await run(arguments))
        } catch {
            FileHandle.standardError.write(Data("check-\(lab.name): \(error)\n".utf8))
            exit(2)
        }
    }

    func run(_ arguments: Arguments) async throws -> Int32 {
        let track = arguments.value("--track") ?? "starter"
        guard tracks[track] != nil else {
            throw UsageError("unknown track \"\(track)\" (expected \(tracks.keys.sorted().joined(separator: " or ")))")
        }
        if let number = try arguments.int("--run-step") {
            try await runChild(step: number, track: track, resultFile: arguments.value("--result-file"))
            return 0
        }
        let seen = HintsSeen(directory: arguments.value("--hints-state") ?? ".hints", lab: lab.name)
        if let number = try arguments.int("--hints") {
            return try printHints(step: number, which: arguments.value("--hint"), seen: seen)
        }
        if arguments.flag("--list") {
            for step in lab.steps { say("\(step.number)\t\(step.title)\t\(step.file)\t\(step.function)") }
            return 0
        }
        var report = Report(lab: lab)
        report.seen = seen
        if arguments.flag("--verify") {
            return try verify(report)
        }
        let last = try arguments.int("--step") ?? lab.steps.count
        guard (1...lab.steps.count).contains(last) else {
            throw UsageError("STEP must be between 1 and \(lab.steps.count) for the \(lab.name) lab (got \(last))")
        }
        let steps = Array(lab.steps.prefix(last))
        report.header(track: track)
        var outcomes: [StepOutcome] = []
        for step in steps {
            let outcome = try runIsolated(step, track: track)
            report.row(step, outcome)
            outcomes.append(outcome)
        }
        report.summary(steps, outcomes)
        return outcomes.allSatisfy { $0.status == .passed } ? 0 : 1
    }

    /// Runs one step in a child process and reads back its outcome.
    func runIsolated(_ step: Step<Subject>, track: String) throws -> StepOutcome {
        let resultFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("labcheck-result-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: resultFile) }
        let child = try ChildProcess.run(
            ["--run-step", String(step.number), "--track", track, "--result-file", resultFile.path],
            timeout: step.timeout)
        let printed = child.output.isEmpty ? nil : child.output
        switch child.ending {
        case .timedOut:
            return StepOutcome(status: .timedOut,
                               message: "the check did not finish within \(step.timeout): look for a loop that never ends or a wait that is never answered",
                               output: printed)
        case .signaled(let signal):
            let crash = ChildProcess.crashReport(child.output)
            var message = "the code under test crashed (\(ChildProcess.name(ofSignal: signal)))"
            if !crash.frames.isEmpty {
                message += "; where it was:\n" + crash.frames.prefix(6).map { "  \($0)" }.joined(separator: "\n")
            }
            return StepOutcome(status: .crashed, message: message,
                               output: crash.printed.isEmpty ? nil : crash.printed)
        case .exited(let status):
            guard let data = try? Data(contentsOf: resultFile),
                  var outcome = try? JSONDecoder().decode(StepOutcome.self, from: data)
            else {
                return StepOutcome(status: .crashed,
                                   message: "the check's process exited (status \(status)) before reporting a result",
                                   output: printed)
            }
            if outcome.status != .passed { outcome.output = printed }
            return outcome
        }
    }

    /// In the child: runs exactly one step in this process and writes its outcome.
    func runChild(step number: Int, track: String, resultFile: String?) async throws {
        guard let step = lab.steps.first(where: { $0.number == number }), let make = tracks[track] else {
            throw UsageError("no step \(number) in the \(lab.name) lab")
        }
        // Unbuffered, so what the code printed survives if it crashes.
        clabsupport_unbuffer_stdout()
        // A process group of our own: whatever the step starts (a server, a
        // client) is killed with it.
        setpgid(0, 0)
        let outcome = await step.outcome(on: make())
        let data = try JSONEncoder().encode(outcome)
        if let resultFile {
            try data.write(to: URL(fileURLWithPath: resultFile))
        } else {
            say(String(decoding: data, as: UTF8.self))
        }
    }

    /// `make verify-labs`: every starter step must be not started (its own
    /// stub or an earlier step's; no crash, no accidental pass), the starter
    /// must hold a stub for every step, and every solution step must pass.
    func verify(_ report: Report<Subject>) throws -> Int32 {
        let starterSources = Self.sources(in: lab.starterDirectory)
        var failures: [String] = []
        var passed = 0
        say("verify \(lab.name): every starter step must be not started, every solution step must pass")
        for step in lab.steps {
            let starter = try runIsolated(step, track: "starter")
            let solution = try runIsolated(step, track: "solution")
            var problems: [String] = []
            if starter.status != .notStarted {
                problems.append("starter: expected not started, got \(starter.status.rawValue)"
                                + (starter.message.map { " (\($0))" } ?? ""))
            } else if let stub = starter.stubStep, stub > step.number {
                problems.append("starter: the check ran into the stub of step \(stub), a later step: step \(step.number) could never pass on its own")
            }
            if let sources = starterSources, !sources.contains("NotImplemented(step: \(step.number))") {
                problems.append("starter: no `throw NotImplemented(step: \(step.number))` in \(lab.starterDirectory): the step's code is given away")
            }
            if solution.status != .passed {
                problems.append("solution: expected passed, got \(solution.status.rawValue)"
                                + (solution.message.map { " (\($0))" } ?? "")
                                + (solution.output.map { "\n\($0)" } ?? ""))
            }
            report.verifyRow(step, starter: starter, solution: solution, ok: problems.isEmpty)
            if problems.isEmpty { passed += 1 }
            failures += problems.map { "step \(step.number) \($0)" }
        }
        let drifted = givenFilesThatDrifted()
        failures += drifted
        for failure in failures { say("  \(failure)") }
        say("verify \(lab.name): \(passed) passed, \(lab.steps.count - passed + drifted.count) failed")
        return failures.isEmpty ? 0 : 1
    }

    /// A starter file with no stub in it is given code: it must be the same
    /// file, byte for byte, in the solution, or the two tracks would drift apart.
    func givenFilesThatDrifted() -> [String] {
        let starter = lab.starterDirectory
        let solution = starter.replacingOccurrences(of: "Labs/", with: "Solutions/")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: starter) else { return [] }
        return names.sorted().filter { $0.hasSuffix(".swift") }.compactMap { name in
            guard let given = FileManager.default.contents(atPath: "\(starter)/\(name)"),
                  !String(decoding: given, as: UTF8.self).contains("NotImplemented(") else { return nil }
            let reference = FileManager.default.contents(atPath: "\(solution)/\(name)")
            return reference == given ? nil
                : "\(starter)/\(name) is given code (no stub), but \(solution)/\(name) differs: keep the two identical"
        }
    }

    /// The Swift sources under `directory` (relative to the repository root,
    /// where `make` runs), concatenated; nil when it is not there.
    static func sources(in directory: String) -> String? {
        guard let names = FileManager.default.enumerator(atPath: directory) else { return nil }
        var text = ""
        for case let name as String in names where name.hasSuffix(".swift") {
            text += (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
        }
        return text.isEmpty ? nil : text
    }

    /// Hints come one at a time: each run shows the step's next hint (and
    /// remembers it in `seen`), so a student takes only as much help as they
    /// need. `which` asks for one hint by number, or `all`.
    func printHints(step number: Int, which: String?, seen: HintsSeen) throws -> Int32 {
        guard let step = lab.steps.first(where: { $0.number == number }) else {
            throw UsageError("STEP must be between 1 and \(lab.steps.count) for the \(lab.name) lab (got \(number))")
        }
        let count = step.hints.count
        let again = "make hint LAB=\(lab.name) STEP=\(number)"
        say("Step \(step.number): \(step.title) — \(step.file), \(step.function)")
        func show(_ index: Int) { say("  Hint \(index) of \(count): \(step.hints[index - 1])") }
        switch which {
        case "all"?:
            (1...count).forEach(show)
        case let text?:
            guard let index = Int(text), (1...count).contains(index) else {
                throw UsageError("HINT must be all or a number from 1 to \(count) for step \(number) (got \"\(text)\")")
            }
            show(index)
        case nil:
            let shown = seen.count(step: number)
            if shown >= count {
                say("  (every hint of this step, \(count) of \(count), has been shown; here they are again)")
                (1...count).forEach(show)
            } else {
                show(shown + 1)
                seen.record(step: number, count: shown + 1)
                if shown + 1 < count {
                    say("  (run \(again) again for hint \(shown + 2) of \(count); HINT=all shows them all)")
                } else {
                    say("  (that was the last hint; \(again) HINT=all shows them all again)")
                }
            }
        }
        say("  Read: \(step.reading)")
        return 0
    }
}

/// How many hints of each step a student has been shown: one small file per
/// lab in the working directory's `.hints/` (which git ignores).
struct HintsSeen {
    let file: URL

    init(directory: String, lab: String) {
        file = URL(fileURLWithPath: directory).appendingPathComponent("\(lab).txt")
    }

    /// The lines `step count`, read as a table.
    private func table() -> [Int: Int] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [:] }
        var counts: [Int: Int] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 2, let step = Int(words[0]), let count = Int(words[1]) { counts[step] = count }
        }
        return counts
    }

    func count(step: Int) -> Int { table()[step] ?? 0 }

    /// Remembers it; a file that cannot be written only means the next run starts over.
    func record(step: Int, count: Int) {
        var counts = table()
        counts[step] = count
        let text = counts.keys.sorted().map { "\($0) \(counts[$0]!)\n" }.joined()
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
    }
}

/// A mistake on the command line.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The command line, as `--name value` pairs and flags.
struct Arguments {
    let words: [String]

    init(_ words: some Sequence<String>) {
        self.words = Array(words)
    }

    func value(_ name: String) -> String? {
        guard let i = words.firstIndex(of: name), i + 1 < words.count else { return nil }
        let value = words[i + 1]
        return value.isEmpty ? nil : value
    }

    func int(_ name: String) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else {
            let variable = ["--step": "STEP", "--hints": "STEP", "--hint": "HINT"][name] ?? name
            throw UsageError("\(variable) must be a number (got \"\(text)\")")
        }
        return number
    }

    func flag(_ name: String) -> Bool {
        words.contains(name)
    }
}
