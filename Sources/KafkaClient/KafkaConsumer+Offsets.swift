import KafkaProtocol

extension KafkaConsumer {
    /// Commits `offsets` (for each partition, the next offset to read) for
    /// consumer group `group`, at the group's coordinator (FindCoordinator,
    /// then OffsetCommit).
    /// - Parameter generation: the group generation the commit speaks for;
    ///   outside the group unless group membership supplies one.
    public func commit(_ offsets: [TopicPartition: Int64], group: String,
                       generation: GroupGeneration = .outsideGroup) async throws {
        let request = OffsetCommit.Request(
            groupID: group, generationID: generation.generationID, memberID: generation.memberID,
            groupInstanceID: generation.groupInstanceID,
            topics: offsets.keys.groupedByTopic().map { topic in
                .init(name: topic.topic, partitions: topic.partitions.map {
                    .init(partitionIndex: $0, committedOffset: offsets[TopicPartition(topic.topic, $0)]!)
                })
            })
        try await atCoordinator(of: group) { connection in
            let response = try await connection.send(request)
            for topic in response.topics {
                for result in topic.partitions where result.errorCode != .none {
                    throw KafkaClientError.broker(result.errorCode,
                                                  context: "OffsetCommit \(TopicPartition(topic.name, result.partitionIndex))")
                }
            }
        }
    }

    /// Commits the current position of every assigned partition that has one.
    public func commitPositions(group: String, generation: GroupGeneration = .outsideGroup) async throws {
        var offsets: [TopicPartition: Int64] = [:]
        for partition in assignment { offsets[partition] = position(of: partition) }
        try await commit(offsets, group: group, generation: generation)
    }

    /// The offsets group `group` committed for `partitions` (by default the
    /// assignment), through OffsetFetch at the coordinator. Partitions with
    /// no committed offset are left out.
    public func committed(group: String, partitions: [TopicPartition]? = nil) async throws -> [TopicPartition: Int64] {
        let wanted = partitions ?? assignment
        let request = OffsetFetch.Request(groupID: group, topics: wanted.groupedByTopic().map {
            .init(name: $0.topic, partitionIndexes: $0.partitions)
        })
        return try await atCoordinator(of: group) { connection in
            let response = try await connection.send(request)
            guard response.errorCode == .none else {
                throw KafkaClientError.broker(response.errorCode, context: "OffsetFetch for group \(group)")
            }
            var offsets: [TopicPartition: Int64] = [:]
            for topic in response.topics {
                for result in topic.partitions {
                    let partition = TopicPartition(topic.name, result.partitionIndex)
                    guard result.errorCode == .none else {
                        throw KafkaClientError.broker(result.errorCode, context: "OffsetFetch \(partition)")
                    }
                    if result.committedOffset >= 0 { offsets[partition] = result.committedOffset }
                }
            }
            return offsets
        }
    }

    /// Runs `operation` against the group's coordinator, finding it again
    /// and retrying after retriable errors (coordinator moved or loading).
    private func atCoordinator<T>(of group: String, _ operation: (KafkaConnection) async throws -> T) async throws -> T {
        try await configuration.retry.run({ try await operation(try await cluster.coordinator(of: group)) },
                                          onRetry: { await self.cluster.invalidate(after: $0) })
    }
}
