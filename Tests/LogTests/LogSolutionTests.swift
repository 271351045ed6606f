// The log lab's suite against the reference solution, under `swift test`.
import Contracts
import LabKit
import LogSolution
import LogSuite
import Testing

@Test("Log solution passes", arguments: LogSuite.lab.steps)
func logSolution(step: Step<any LogLab>) async throws {
    try await step.run(on: LogToolkit())
}
