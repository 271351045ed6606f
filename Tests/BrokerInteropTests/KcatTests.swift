import Foundation
import Testing

/// kcat (librdkafka) against `box broker`: the log lab's "must work" list.
@Suite("kcat against box broker", .serialized)
struct KcatTests {
    static let messages = (1...10_000).map { "k\($0):value \($0) with some text to make it a real record" }

    @Test("kcat -L sees the broker at the address it advertises")
    func metadata() throws {
        let broker = try RunningBroker()
        let (status, output) = try runTool("kcat", ["-b", broker.address, "-L"])
        #expect(status == 0)
        #expect(output.contains("broker 0 at \(broker.address)"))
    }

    @Test("10,000 messages with keys and headers: kcat -P then -C -o beginning -e gives them back, also after kill -9 and a restart")
    func produceConsumeRestart() throws {
        let broker = try RunningBroker()
        let input = Data((Self.messages.joined(separator: "\n") + "\n").utf8)
        let produced = try runTool("kcat", ["-b", broker.address, "-P", "-t", "chirps", "-K:", "-H", "source=box",
                                            "-X", "acks=all"], input: input)
        #expect(produced.status == 0)
        let consume = ["-b", broker.address, "-C", "-t", "chirps", "-o", "beginning", "-e", "-f", "%k:%s|%h\\n"]
        let consumed = try runTool("kcat", consume)
        #expect(consumed.status == 0)
        let lines = consumed.output.split(separator: "\n").map(String.init)
        #expect(lines.count == Self.messages.count)
        #expect(lines.map { $0.components(separatedBy: "|")[0] } == Self.messages, "keys and values, in order")
        #expect(lines.allSatisfy { $0.hasSuffix("|source=box") }, "the header comes back")

        broker.kill9()
        let restarted = try RunningBroker(data: broker.data)
        let again = try runTool("kcat", ["-b", restarted.address, "-C", "-t", "chirps", "-o", "beginning", "-e", "-f", "%k:%s\\n"])
        #expect(again.output.split(separator: "\n").map(String.init) == Self.messages,
                "every acknowledged message, in order, once, after kill -9")
    }

    @Test("acks=0: nobody waits, yet the records become durable and readable")
    func acksZero() throws {
        let broker = try RunningBroker()
        let input = Data((1...1_000).map { "fire and forget \($0)" }.joined(separator: "\n").utf8)
        #expect(try runTool("kcat", ["-b", broker.address, "-P", "-t", "fire", "-X", "acks=0"], input: input).status == 0)
        let consumed = try runTool("kcat", ["-b", broker.address, "-C", "-t", "fire", "-o", "beginning", "-c", "1000"], timeout: 30)
        #expect(consumed.output.split(separator: "\n").count == 1_000)
    }
}
