// The scheduler lab's suite against the reference solution, under `swift test`.
import Contracts
import LabKit
import SchedulerSolution
import SchedulerSuite
import Testing

@Test("Scheduler solution passes", arguments: SchedulerSuite.lab.steps)
func schedulerSolution(step: Step<any SchedulerLab>) async throws {
    try await step.run(on: SchedulerToolkit())
}
