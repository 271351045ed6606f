import KafkaProtocol

/// What a client knows of one topic from Metadata: each partition's leader.
struct TopicMetadata: Sendable {
    /// The leader's node id of each partition, by partition index (-1: none now).
    var leaders: [Int32]

    /// The partition count.
    var partitionCount: Int { leaders.count }

    /// Reads a topic's entry of a Metadata response, throwing its error if it has one.
    init(_ topic: Metadata.Response.Topic) throws {
        guard topic.errorCode == .none else {
            throw KafkaClientError.broker(topic.errorCode, context: "Metadata for topic \(topic.name)")
        }
        let sorted = topic.partitions.sorted { $0.partitionIndex < $1.partitionIndex }
        guard sorted.enumerated().allSatisfy({ Int32($0.offset) == $0.element.partitionIndex }) else {
            throw KafkaClientError.protocolViolation("Metadata for \(topic.name) skips partitions")
        }
        leaders = sorted.map { $0.errorCode == .leaderNotAvailable ? -1 : $0.leaderID }
    }
}
