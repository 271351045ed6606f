// The notebook lab's suite against the reference solution, under `swift test`.
import Contracts
import LabKit
import NotebookSolution
import NotebookSuite
import Testing

@Test("Notebook solution passes", arguments: NotebookSuite.lab.steps)
func notebookSolution(step: Step<any NotebookLab>) async throws {
    try await step.run(on: NotebookToolkit())
}
