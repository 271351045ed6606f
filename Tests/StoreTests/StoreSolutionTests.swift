// The store lab's suite against the reference solution, under `swift test`.
import Contracts
import LabKit
import StoreSolution
import StoreSuite
import Testing

@Test("Store solution passes", arguments: StoreSuite.lab.steps)
func storeSolution(step: Step<any StoreLab>) async throws {
    try await step.run(on: StoreToolkit())
}
