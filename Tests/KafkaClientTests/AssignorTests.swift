import KafkaClient
import Testing

/// The assignors and the consumer protocol's encodings, on their own.
@Suite("Partition assignors and ConsumerProtocol encodings")
struct AssignorTests {
    @Test("range: 3 members, 7 partitions → 3/2/2 contiguous ranges by member id")
    func rangeSevenOverThree() {
        let result = PartitionAssignmentStrategy.range.assign(
            subscriptions: ["c": ["t"], "a": ["t"], "b": ["t"]], partitionCounts: ["t": 7])
        #expect(result == ["a": [0, 1, 2], "b": [3, 4], "c": [5, 6]].mapValues { $0.map { TopicPartition("t", $0) } })
    }

    @Test("range: per topic, only its subscribers; more members than partitions leaves some with none")
    func rangePerTopic() {
        let result = PartitionAssignmentStrategy.range.assign(
            subscriptions: ["m1": ["x", "y"], "m2": ["x"], "m3": ["x", "y"]],
            partitionCounts: ["x": 2, "y": 4, "unused": 9])
        #expect(result["m1"] == [TopicPartition("x", 0), TopicPartition("y", 0), TopicPartition("y", 1)])
        #expect(result["m2"] == [TopicPartition("x", 1)])
        #expect(result["m3"] == [TopicPartition("y", 2), TopicPartition("y", 3)])
    }

    @Test("range: a topic with no known partition count assigns nothing; every member still has an entry")
    func rangeUnknownTopic() {
        let result = PartitionAssignmentStrategy.range.assign(subscriptions: ["a": ["gone"]], partitionCounts: [:])
        #expect(result == ["a": []])
    }

    @Test("roundrobin: partitions of all topics dealt in turn to members subscribed to their topic")
    func roundRobin() {
        let result = PartitionAssignmentStrategy.roundRobin.assign(
            subscriptions: ["a": ["t", "u"], "b": ["t"]], partitionCounts: ["t": 3, "u": 2])
        #expect(result["a"] == [TopicPartition("t", 0), TopicPartition("t", 2), TopicPartition("u", 0), TopicPartition("u", 1)])
        #expect(result["b"] == [TopicPartition("t", 1)])
    }

    @Test("ConsumerProtocolSubscription v0 bytes, and back")
    func subscriptionBytes() throws {
        let subscription = ConsumerProtocolSubscription(topics: ["ab"])
        #expect(subscription.encoded == [0, 0, 0, 0, 0, 1, 0, 2, 0x61, 0x62, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try ConsumerProtocolSubscription(decoding: subscription.encoded) == subscription)
        let withData = ConsumerProtocolSubscription(topics: ["x", "y"], userData: [1, 2])
        #expect(try ConsumerProtocolSubscription(decoding: withData.encoded) == withData)
        // A later version's extra fields (v1: owned partitions) are ignored.
        var v1 = withData.encoded
        v1[1] = 1
        v1 += [0, 0, 0, 0]
        #expect(try ConsumerProtocolSubscription(decoding: v1) == withData)
    }

    @Test("ConsumerProtocolAssignment v0 bytes, and back; no bytes is no partitions")
    func assignmentBytes() throws {
        let assignment = ConsumerProtocolAssignment(partitions: [TopicPartition("t", 3), TopicPartition("t", 1)])
        #expect(assignment.encoded == [0, 0, 0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try ConsumerProtocolAssignment(decoding: assignment.encoded).partitions == [TopicPartition("t", 1), TopicPartition("t", 3)])
        #expect(try ConsumerProtocolAssignment(decoding: []).partitions == [])
        #expect(throws: KafkaClientError.self) { try ConsumerProtocolAssignment(decoding: [0, 0, 0]) }
    }
}
