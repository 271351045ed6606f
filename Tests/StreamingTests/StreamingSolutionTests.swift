// The streaming lab's suite against the reference solution, under `swift test`.
import Contracts
import LabKit
import StreamingSolution
import StreamingSuite
import Testing

@Test("Streaming solution passes", arguments: StreamingSuite.lab.steps)
func streamingSolution(step: Step<any StreamingLab>) async throws {
    try await step.run(on: StreamingToolkit())
}
