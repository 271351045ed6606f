import KafkaClient

extension KafkaConsumer {
    /// Assigns every partition of `topic`, moves each to its end, and
    /// returns those end offsets (the demo's look at how far a topic goes).
    func assignAtEnd(of topic: String) async throws -> [TopicPartition: Int64] {
        let partitions = try await partitions(of: topic)
        assign(partitions)
        try await seek(to: .end)
        var ends: [TopicPartition: Int64] = [:]
        for partition in partitions { ends[partition] = position(of: partition) ?? 0 }
        return ends
    }
}
