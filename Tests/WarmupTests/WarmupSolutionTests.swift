// The warm-up lab's suite against the reference solution, under `swift test`.
import Contracts
import LabKit
import Testing
import WarmupSolution
import WarmupSuite

@Test("Warm-up solution passes", arguments: WarmupSuite.lab.steps)
func warmupSolution(step: Step<any WarmupLab>) async throws {
    try await step.run(on: ChirpToolkit())
}
