// The API lab's suite against the reference solution, under `swift test`.
import APISolution
import APISuite
import Contracts
import LabKit
import Testing

@Test("API solution passes", arguments: APISuite.lab.steps)
func apiSolution(step: Step<any APILab>) async throws {
    try await step.run(on: APIToolkit())
}
