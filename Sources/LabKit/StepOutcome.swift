import Contracts
import Foundation

/// How a step's check ended.
public enum StepStatus: String, Codable, Sendable {
    case passed
    case failing
    /// The step's code still throws ``NotImplemented``.
    case notStarted = "not started"
    /// The code under test trapped (fatalError, index out of range, ...).
    case crashed
    case timedOut = "timed out"
}

/// The result of one step's check.
public struct StepOutcome: Codable, Sendable {
    public var status: StepStatus
    /// Why it did not pass, for the student.
    public var message: String?
    /// How long the check took.
    public var seconds: Double?
    /// For a not-started step: the step number its stub named.
    public var stubStep: Int?
    /// What the code under test printed (only kept for steps that did not pass).
    public var output: String?

    public init(status: StepStatus, message: String? = nil, seconds: Double? = nil,
                stubStep: Int? = nil, output: String? = nil) {
        self.status = status
        self.message = message
        self.seconds = seconds
        self.stubStep = stubStep
        self.output = output
    }
}

extension Step {
    /// Runs the check in this process and classifies how it ended.
    func outcome(on subject: Subject) async -> StepOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        do {
            try await run(on: subject)
            return StepOutcome(status: .passed, seconds: elapsed())
        } catch let stub as NotImplemented {
            return StepOutcome(status: .notStarted, message: stub.description, seconds: elapsed(),
                               stubStep: stub.step)
        } catch {
            return StepOutcome(status: .failing, message: String(describing: error), seconds: elapsed())
        }
    }
}
