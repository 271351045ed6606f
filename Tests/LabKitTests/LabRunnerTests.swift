import Foundation
import LabKit
import Testing

/// The checker run as students run it, on a fixture lab whose steps pass,
/// trap, fail, are not started and hang.
@Suite("Lab checker")
struct LabRunnerTests {
    @Test("every way a step can end is reported, and a crash or a hang does not stop the rest")
    func progressTable() throws {
        let started = ContinuousClock.now
        let run = try BuiltProducts.run("labkit-fixture", [])
        #expect(ContinuousClock.now - started < .seconds(20),
                "a hung step's leftover process (sleep 30) must not keep the checker waiting")
        let out = run.output
        #expect(run.status == 1)
        let rows = out.split(separator: "\n").map(String.init)
        func row(_ n: Int) -> String { rows.first { $0.hasPrefix("   \(n)  ") } ?? "(no row \(n))" }
        #expect(row(1).contains("passed"))
        #expect(row(2).contains("crashed"))
        #expect(row(3).contains("failing"))
        #expect(row(4).contains("not started"))
        #expect(row(5).contains("timed out"))
        #expect(row(6).contains("passed"), "the step after a crash and a hang still runs")
        #expect(rows.last == "fixture: 2 passed, 1 failing, 1 not started, 1 crashed, 1 timed out")
    }

    @Test("the first step to fix: why, what it printed, where to edit, a hint")
    func firstToFix() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("hints-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let out = try BuiltProducts.run("labkit-fixture", ["--hints-state", state]).output
        #expect(out.contains("First to fix: step 2, Traps (crashed)"))
        #expect(out.contains("the code under test crashed (SIG"))
        #expect(out.contains("— Tests/Fixtures/LabKitFixture/main.swift:"), "the crashing line is named")
        #expect(out.contains("│ about to index an empty array"), "what the code printed is shown")
        #expect(out.contains("Index out of range"), "the trap's own message is shown")
        #expect(out.contains("Edit:  F2.swift, two()"))
        #expect(out.contains("Hint:  first hint"))
        #expect(out.contains("(hint 1 of 2; make hint LAB=fixture STEP=2 shows the next, one per run)"))
        #expect(out.contains("Read:  R2"))
        let next = try BuiltProducts.run("labkit-fixture", ["--hints", "2", "--hints-state", state]).output
        #expect(next.contains("Hint 2 of 2: second hint"), "the hint under the failure counts as seen: make hint goes on from it")
    }

    @Test("the hint under a failure is the one about the function the message names first, else the first")
    func hintForTheFailingFunction() {
        let step = Step<Int>(1, "t", file: "f", function: "fn", hints: [
            "Start with the commit log.",
            "apply: the commit log first.",
            "Directory.submit: each user's events to its actor.",
            "replayCommitLog (init calls it): apply what replay() gives.",
            "read: memtable, then SSTables.",
        ], reading: "r") { _, _ in }
        #expect(step.hintIndex(for: "read(k1) after flush() returned [], expected [1]") == 4)
        #expect(step.hintIndex(for: "after a restart, read(k1) returned []; apply(x) was fine") == 4, "the earliest named call")
        #expect(step.hintIndex(for: "submit([e1]) returned 0 submissions") == 1 + 1)
        #expect(step.hintIndex(for: "replayCommitLog() threw") == 3)
        #expect(step.hintIndex(for: "reapply(x) returned nothing; thread(y)") == 0, "a name inside another word does not count")
        #expect(step.hintIndex(for: "the table is empty") == 0)
        #expect(step.hintIndex(for: nil) == 0)
    }

    @Test("a failing step's message says what was called, what came back and what was expected")
    func failureMessage() throws {
        let run = try BuiltProducts.run("labkit-fixture", ["--run-step", "3"])
        #expect(run.status == 0)
        #expect(run.output.contains("debug line from step 3"))
        #expect(run.output.contains(#""status":"failing""#))
        #expect(run.output.contains("add(1, 1) returned 2, expected 3"))
    }

    @Test("STEP=n runs steps 1 through n only, and exits 0 when they all pass")
    func stepRange() throws {
        let run = try BuiltProducts.run("labkit-fixture", ["--step", "1"])
        #expect(run.status == 0)
        #expect(run.output.contains("fixture: 1 passed, 0 failing, 0 not started — step 1 passes"))
        #expect(!run.output.contains("Traps"))
    }

    @Test("a step number out of range or an unknown track is an error, never an empty success")
    func badArguments() throws {
        for step in ["0", "7", "x"] {
            let run = try BuiltProducts.run("labkit-fixture", ["--step", step])
            #expect(run.status == 2, "--step \(step)")
            #expect(run.stderr.contains("check-fixture:"))
        }
        let track = try BuiltProducts.run("labkit-fixture", ["--track", "mine"])
        #expect(track.status == 2)
        #expect(track.stderr.contains("unknown track \"mine\""))
    }

    @Test("hints come one at a time, each run the next; HINT=all and HINT=k show them on demand")
    func hints() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("hints-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        func hint(_ extra: [String] = []) throws -> ToolRun {
            try BuiltProducts.run("labkit-fixture", ["--hints", "2", "--hints-state", state] + extra)
        }
        let first = try hint()
        #expect(first.status == 0)
        #expect(first.output.contains("Hint 1 of 2: first hint"))
        #expect(!first.output.contains("second hint"), "one hint at a time")
        #expect(first.output.contains("again for hint 2 of 2"))
        let second = try hint()
        #expect(second.output.contains("Hint 2 of 2: second hint"))
        #expect(!second.output.contains("first hint"))
        #expect(second.output.contains("that was the last hint"))
        let third = try hint()
        #expect(third.output.contains("Hint 1 of 2: first hint") && third.output.contains("Hint 2 of 2: second hint"))
        let other = try BuiltProducts.run("labkit-fixture", ["--hints", "1", "--hints-state", state])
        #expect(other.output.contains("Hint 1 of 1: h1"), "each step counts its own hints")
        let all = try BuiltProducts.run("labkit-fixture", ["--hints", "2", "--hint", "all"])
        #expect(all.output.contains("first hint") && all.output.contains("second hint"))
        let bad = try hint(["--hint", "3"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("HINT must be all or a number from 1 to 2"))
    }

    @Test("--list names every step with its file and function")
    func list() throws {
        let run = try BuiltProducts.run("labkit-fixture", ["--list"])
        #expect(run.status == 0)
        #expect(run.output.split(separator: "\n").first == "1\tPasses\tF1.swift\tone()")
        #expect(run.output.split(separator: "\n").count == 6)
    }

    @Test("verify flags a starter step that is not its own stub, and a solution step that does not pass")
    func verify() throws {
        let run = try BuiltProducts.run("labkit-fixture", ["--verify"])
        #expect(run.status == 1)
        #expect(run.output.contains("step 1 starter: expected not started, got passed"))
        #expect(run.output.contains("step 2 starter: expected not started, got crashed"))
        #expect(run.output.contains("step 4 solution: expected passed, got not started"))
        #expect(run.output.contains("verify fixture: 0 passed, 6 failed"))
    }
}
