import Contracts

/// One numbered step of a lab: what the student builds, where, and the check
/// that proves it works.
///
/// A lab's suite is an array of steps generic over the lab's contract
/// (`Step<any WarmupLab>`), written once and run against the starter or the
/// solution track.
public struct Step<Subject>: Sendable, CustomStringConvertible {
    /// 1-based position in the lab.
    public let number: Int
    /// A short title, e.g. "Hashtags and mentions".
    public let title: String
    /// The file the student edits, from the repository root.
    public let file: String
    /// The function (or functions) to write in that file.
    public let function: String
    /// Hints, from gentle to nearly the answer.
    public let hints: [String]
    /// Where the handout or slides explain it, e.g. `Labs/Warmup/README.md#step-1`.
    public let reading: String
    /// How long the check may run before it counts as hung.
    public let timeout: Duration
    /// Throws when the subject does not do what the step asks.
    public let check: @Sendable (Subject, StepContext) async throws -> Void

    public init(
        _ number: Int, _ title: String, file: String, function: String, hints: [String],
        reading: String, timeout: Duration = .seconds(30),
        check: @escaping @Sendable (Subject, StepContext) async throws -> Void
    ) {
        self.number = number
        self.title = title
        self.file = file
        self.function = function
        self.hints = hints
        self.reading = reading
        self.timeout = timeout
        self.check = check
    }

    public var description: String { "step \(number): \(title)" }
}

/// A lab: its name on the command line, its steps and where its files are.
public struct Lab<Subject>: Sendable {
    /// The `LAB=` name, e.g. `warmup`.
    public let name: String
    /// The title shown to students, e.g. "Warm-up: the Chirp event format".
    public let title: String
    /// The starter's folder, e.g. `Labs/Warmup`.
    public let starterDirectory: String
    /// The steps, in order, numbered from 1.
    public let steps: [Step<Subject>]

    public init(name: String, title: String, starterDirectory: String, steps: [Step<Subject>]) {
        precondition(steps.enumerated().allSatisfy { $0.offset + 1 == $0.element.number },
                     "lab \(name): steps must be numbered 1, 2, 3, ... in order")
        self.name = name
        self.title = title
        self.starterDirectory = starterDirectory
        self.steps = steps
    }
}

extension Step {
    /// Runs the check against `subject` in a fresh scratch directory, in this
    /// process: what `swift test` does with the solution track.
    public func run(on subject: Subject) async throws {
        let context = try StepContext()
        defer { context.cleanUp() }
        try await check(subject, context)
    }
}

extension Step {
    /// The hint to show under a failure (0-based): the first hint about the
    /// function whose call the message names first ("accept: …" for
    /// "accept([O1, O1]) returned …"), else the step's first hint.
    public func hintIndex(for message: String?) -> Int {
        guard let message else { return 0 }
        var best: (index: Int, at: String.Index)?
        for (index, hint) in hints.enumerated() {
            guard let name = Self.subject(of: hint) else { continue }
            var searchFrom = message.startIndex
            while let found = message.range(of: name + "(", range: searchFrom..<message.endIndex) {
                let before = found.lowerBound == message.startIndex ? nil : message[message.index(before: found.lowerBound)]
                if before.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true {
                    if best == nil || found.lowerBound < best!.at { best = (index, found.lowerBound) }
                    break
                }
                searchFrom = found.upperBound
            }
        }
        return best?.index ?? 0
    }

    /// The function a hint is about, when it starts with one and a colon:
    /// "flush: …", "Directory.submit: …" (submit), "replayCommitLog (init calls it): …".
    static func subject(of hint: String) -> String? {
        let label = hint.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        guard let first = label.first, first.isLetter || first == "_" else { return nil }
        var rest = hint[label.endIndex...]
        if rest.hasPrefix(" ("), let close = rest.firstIndex(of: ")") { rest = rest[rest.index(after: close)...] }
        guard rest.hasPrefix(": ") else { return nil }
        return label.split(separator: ".").last.map(String.init)
    }
}
