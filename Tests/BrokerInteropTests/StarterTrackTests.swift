import Foundation
import Testing

/// `box broker --track starter`: the broker on a student's unfinished log.
@Suite("box broker on the starter track")
struct StarterTrackTests {
    @Test("a step not written yet is an error for the client and a line on stderr naming the step")
    func namesTheMissingStep() throws {
        let broker = try RunningBroker(track: "starter")
        _ = try runTool("kcat", ["-b", broker.address, "-P", "-t", "chirps", "-X", "message.send.max.retries=0",
                                            "-X", "message.timeout.ms=5000"], input: Data("hello\n".utf8))
        let stderr = try String(contentsOf: broker.errors, encoding: .utf8)
        #expect(stderr.contains("not implemented yet: step 2, append(_:) in Labs/Log/LogSegment.swift"),
                "the broker's stderr: \(stderr)")
        let (status, output) = try runTool("kcat", ["-b", broker.address, "-L"])
        #expect(status == 0 && output.contains("chirps"), "and it keeps serving")
    }
}
