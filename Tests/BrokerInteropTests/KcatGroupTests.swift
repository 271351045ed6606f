import Foundation
import Testing

/// kcat's balanced consumer groups (`-G`) against `box broker`.
@Suite("kcat consumer groups against box broker", .serialized)
struct KcatGroupTests {
    @Test("two -G members split the partitions; committed offsets resume after kill -9 and a restart")
    func groupsSplitAndResume() throws {
        // Kafka's default initial delay, so both members make the first round even on a loaded machine.
        let broker = try RunningBroker(partitions: 4, groupInitialDelayMs: 3_000)
        let input = (1...400).map { "k\($0):v\($0)" }.joined(separator: "\n") + "\n"
        #expect(try runTool("kcat", ["-b", broker.address, "-P", "-t", "grp", "-K:", "-X", "acks=all"], input: Data(input.utf8)).status == 0)

        let member = ["-b", broker.address, "-G", "g1", "grp", "-o", "beginning", "-e", "-f", "%p %o %s\\n"]
        let runs = try runTogether("kcat", [member, member])
        let seen = runs.map { run in Set(run.output.split(separator: "\n").map(String.init)) }
        let partitions = seen.map { Set($0.map { $0.split(separator: " ")[0] }) }
        #expect(!partitions[0].isEmpty && !partitions[1].isEmpty, "both members got partitions: \(partitions)")
        #expect(partitions[0].isDisjoint(with: partitions[1]), "no partition went to both members: \(partitions)")
        #expect(seen[0].union(seen[1]).count == 400, "together they read all 400 messages once")

        broker.kill9()
        let restarted = try RunningBroker(data: broker.data, partitions: 4)
        let resume = ["-b", restarted.address, "-G", "g1", "grp", "-e", "-f", "%s\\n"]
        let nothingNew = try runTool("kcat", resume)
        #expect(nothingNew.output.isEmpty, "after the restart the group resumes at its committed offsets: nothing left to read, got \(nothingNew.output.prefix(200))")
        let more = (401...410).map { "k\($0):v\($0)" }.joined(separator: "\n") + "\n"
        _ = try runTool("kcat", ["-b", restarted.address, "-P", "-t", "grp", "-K:", "-X", "acks=all"], input: Data(more.utf8))
        let newOnes = try runTool("kcat", resume)
        #expect(Set(newOnes.output.split(separator: "\n").map(String.init)) == Set((401...410).map { "v\($0)" }),
                "only the 10 messages produced after the restart")
    }
}
