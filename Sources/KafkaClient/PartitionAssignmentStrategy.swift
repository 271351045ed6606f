/// How a group's leader splits the subscribed topics' partitions among the
/// members (`partition.assignment.strategy`). Each is an assignment protocol
/// a consumer names in JoinGroup; the coordinator picks one all members support.
public enum PartitionAssignmentStrategy: String, Hashable, Sendable, CaseIterable {
    /// Kafka's RangeAssignor: per topic, contiguous ranges of partitions.
    case range
    /// Kafka's RoundRobinAssignor: all partitions dealt out one at a time.
    case roundRobin = "roundrobin"

    /// The protocol name in JoinGroup ("range", "roundrobin").
    public var name: String { rawValue }

    /// Each member's partitions. `subscriptions` maps member id → topics it
    /// subscribes to; `partitionCounts` maps topic → partition count (topics
    /// missing there are not assigned). Every member gets an entry.
    public func assign(subscriptions: [String: [String]], partitionCounts: [String: Int]) -> [String: [TopicPartition]] {
        switch self {
        case .range: RangeAssignor.assign(subscriptions: subscriptions, partitionCounts: partitionCounts)
        case .roundRobin: RoundRobinAssignor.assign(subscriptions: subscriptions, partitionCounts: partitionCounts)
        }
    }
}
