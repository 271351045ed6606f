/// Picks the partition of a record that names none, as Kafka's default
/// partitioner does: a keyed record goes to `murmur2(key) % partitions`
/// (the same key, the same partition, whichever Kafka client sent it); a
/// record without a key sticks to one partition per topic until that
/// partition's batch is sent, then the next partition takes over (sticky
/// round robin, so batches fill up).
struct Partitioner: Sendable {
    /// The partition that keyless records of each topic go to now.
    private var sticky: [String: Int32] = [:]

    /// The partition for a record of `topic`, which has `partitionCount` partitions.
    mutating func partition(topic: String, key: [UInt8]?, partitionCount: Int) -> Int32 {
        if let key { return Murmur2.partition(forKey: key, partitionCount: partitionCount) }
        if let current = sticky[topic], current < partitionCount { return current }
        sticky[topic] = 0
        return 0
    }

    /// A batch of `partition` closed: keyless records of its topic move on to the next partition.
    mutating func batchClosed(_ partition: TopicPartition, partitionCount: Int) {
        guard sticky[partition.topic] == partition.partition, partitionCount > 0 else { return }
        sticky[partition.topic] = (partition.partition + 1) % Int32(partitionCount)
    }
}
