/// One partition of a topic: what a consumer is assigned and what offsets
/// are committed for.
public struct TopicPartition: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The topic's name.
    public var topic: String
    /// The partition's index within the topic, from 0.
    public var partition: Int32

    /// The partition `partition` of `topic`.
    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// `topic-partition`, as Kafka's tools print it.
    public var description: String { "\(topic)-\(partition)" }

    /// Orders by topic, then partition.
    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

extension Sequence where Element == TopicPartition {
    /// The partitions grouped by topic, topics and partitions in order: the
    /// shape every per-partition request (Fetch, ListOffsets, OffsetCommit…) takes.
    func groupedByTopic() -> [(topic: String, partitions: [Int32])] {
        Dictionary(grouping: self, by: \.topic)
            .map { (topic: $0.key, partitions: $0.value.map(\.partition).sorted()) }
            .sorted { $0.topic < $1.topic }
    }
}
