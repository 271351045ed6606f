// A lab whose steps end every way a student's code can: the LabKit tests run
// it to prove the checker reports each one correctly and keeps going.
import Contracts
import Foundation
import LabKit

/// The fixture's "contract": nothing to implement.
struct Nothing: Sendable {}

let lab = Lab<Nothing>(name: "fixture", title: "LabKit fixture", starterDirectory: "Labs/Fixture", steps: [
    Step(1, "Passes", file: "F1.swift", function: "one()", hints: ["h1"], reading: "R1") { _, _ in },
    Step(2, "Traps", file: "F2.swift", function: "two()", hints: ["first hint", "second hint"], reading: "R2") { _, _ in
        let empty: [Int] = []
        print("about to index an empty array")
        _ = empty[Int.random(in: 0...0) + 1]
    },
    Step(3, "Fails", file: "F3.swift", function: "three()", hints: ["h3"], reading: "R3") { _, _ in
        print("debug line from step 3")
        try expectEqual(1 + 1, 3, "add(1, 1)")
    },
    Step(4, "Stub", file: "F4.swift", function: "four()", hints: ["h4"], reading: "R4") { _, _ in
        throw NotImplemented(step: 4)
    },
    Step(5, "Hangs", file: "F5.swift", function: "five()", hints: ["h5"], reading: "R5", timeout: .seconds(1)) { _, _ in
        // A process of its own that outlives this one, holding the output pipe open.
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        while true { try await Task.sleep(for: .seconds(60)) }
    },
    Step(6, "Passes too", file: "F6.swift", function: "six()", hints: ["h6"], reading: "R6") { _, context in
        try "scratch".write(to: context.directory.appendingPathComponent("f"), atomically: true, encoding: .utf8)
    },
])

await LabRunner(lab: lab, tracks: ["starter": { Nothing() }, "solution": { Nothing() }]).main()
