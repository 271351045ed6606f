import KafkaProtocol
import NIOCore

/// Reads records from assigned partitions.
///
/// `assign` says which partitions to read; `seek` sets where (an offset,
/// the beginning or the end, through ListOffsets); `poll` long-polls the
/// leaders with Fetch and returns the records from each position on,
/// moving the positions past them. `records` is the same as an
/// `AsyncSequence`. Offsets are committed to a consumer group's
/// coordinator with `commit` and read back with `committed`.
///
/// Partitions are either assigned by the application (`assign`; commits
/// then come from outside the group, `GroupGeneration.outsideGroup`) or by
/// a consumer group the consumer joins with `subscribe` (see
/// `KafkaConsumer+Group.swift`): the group's rebalances then set the
/// assignment, and `commit()` speaks for the group generation.
public actor KafkaConsumer {
    /// The configuration the consumer was made with.
    public nonisolated let configuration: ConsumerConfiguration
    let cluster: KafkaCluster
    /// The partitions read, in the order they were assigned.
    public private(set) var assignment: [TopicPartition] = []
    /// The next offset to read in each assigned partition (absent until known).
    private var positions: [TopicPartition: Int64] = [:]
    private var isClosed = false
    /// The consumer group joined by `subscribe`; nil for `assign` by hand.
    var group: GroupState?

    /// A consumer for the cluster at `configuration.bootstrapServers`; it
    /// connects on first use. Throws if a bootstrap server is not `host:port`.
    public init(configuration: ConsumerConfiguration) throws {
        self.configuration = configuration
        cluster = try KafkaCluster(bootstrapServers: configuration.bootstrapServers, connection: configuration.connection,
                                   allowAutoTopicCreation: configuration.allowAutoTopicCreation)
    }

    /// Reads exactly `partitions` from now on. Partitions still assigned keep
    /// their positions; new ones start by `autoOffsetReset` unless sought.
    /// (After `subscribe`, the group's next rebalance replaces this.)
    public func assign(_ partitions: [TopicPartition]) {
        var seen = Set<TopicPartition>()
        assignment = partitions.filter { seen.insert($0).inserted }
        positions = positions.filter { seen.contains($0.key) }
    }

    /// Reads exactly `partitions` from `offsets` on (by `autoOffsetReset`
    /// where absent), forgetting earlier positions: a group's new assignment.
    func assign(_ partitions: [TopicPartition], from offsets: [TopicPartition: Int64]) {
        positions = [:]
        assign(partitions)
        for partition in assignment { positions[partition] = offsets[partition] }
    }

    /// Every partition of `topic`, as Metadata lists them (to `assign` them all).
    public func partitions(of topic: String) async throws -> [TopicPartition] {
        let metadata = try await configuration.retry.run({ try await cluster.metadata(of: topic) },
                                                         onRetry: { await self.cluster.invalidate(after: $0) })
        return (0..<Int32(metadata.partitionCount)).map { TopicPartition(topic, $0) }
    }

    /// The next offset `poll` reads from `partition`; nil until known.
    public func position(of partition: TopicPartition) -> Int64? {
        positions[partition]
    }

    /// Whether every partition in `offsets` has been read up to its offset
    /// (a partition with no position yet has not).
    public func hasReached(_ offsets: [TopicPartition: Int64]) -> Bool {
        offsets.allSatisfy { partition, offset in (positions[partition] ?? 0) >= offset }
    }

    /// Moves `partition`'s position (the partition must be assigned).
    public func seek(_ partition: TopicPartition, to position: SeekPosition) async throws {
        guard assignment.contains(partition) else { throw KafkaClientError.notAssigned(partition) }
        try await seek([partition], to: position)
    }

    /// Moves the position of every assigned partition.
    public func seek(to position: SeekPosition) async throws {
        try await seek(assignment, to: position)
    }

    private func seek(_ partitions: [TopicPartition], to position: SeekPosition) async throws {
        switch position {
        case .offset(let offset):
            for partition in partitions { positions[partition] = offset }
        case .beginning:
            try await resolve(partitions, timestamp: ListOffsets.earliestTimestamp)
        case .end:
            try await resolve(partitions, timestamp: ListOffsets.latestTimestamp)
        }
    }

    /// Fetches once from every assigned partition's leader, waiting up to
    /// `maxWait` for `minBytes`, and returns the records after each position
    /// (possibly none), moving the positions past them. A group member with
    /// no partitions (during a rebalance) waits `maxWait` and returns none;
    /// an error the group's background work met is thrown once.
    public func poll() async throws -> [ConsumerRecord] {
        try await fetch(FetchedRecords.decode)
    }

    /// Like `poll`, but returns the record batches undecoded (control
    /// batches left out), for a reader that decodes them itself, in place
    /// and on several cores (`FetchedBatch.forEachRecord`).
    public func pollBatches() async throws -> [FetchedBatch] {
        try await fetch(FetchedBatch.split)
    }

    /// One fetch from every leader; `decode` turns each partition's bytes
    /// into items and returns the partition's next position.
    private func fetch<Item>(
        _ decode: (ByteBuffer, TopicPartition, Int64, inout [Item]) throws -> Int64
    ) async throws -> [Item] {
        guard !isClosed else { throw KafkaClientError.closed }
        if let failure = group?.failure {
            group?.failure = nil
            throw failure
        }
        guard !assignment.isEmpty else {
            if group != nil { try await Task.sleep(for: configuration.maxWait) }
            return []
        }
        let unpositioned = assignment.filter { positions[$0] == nil }
        if !unpositioned.isEmpty { try await resolve(unpositioned, timestamp: configuration.autoOffsetReset.timestamp) }
        let wanted = assignment.compactMap { partition in positions[partition].map { (partition, $0) } }
        do {
            let byLeader = try await groupByLeader(wanted.map(\.0))
            let requests = byLeader.map { leader in
                (leader.connection, fetchRequest(for: leader.partitions.map { ($0, positions[$0]!) }))
            }
            let extra = configuration.maxWait
            let responses = try await withThrowingTaskGroup(of: Fetch.Response.self) { group in
                for (connection, request) in requests { group.addTask { try await connection.send(request, extraTimeout: extra) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let asked = Dictionary(uniqueKeysWithValues: wanted)
            var items: [Item] = []
            for response in responses { try await accept(response, asked: asked, decode: decode, into: &items) }
            return items
        } catch let error as KafkaClientError where error.isRetriable {
            // The leader moved or is unreachable: ask again next poll, after a
            // backoff so that a loop of polls does not spin while it is down.
            await cluster.invalidate(after: error)
            try await Task.sleep(for: configuration.retry.backoff)
            return []
        }
    }

    /// The records in the sequence `poll` returns, one at a time, until the
    /// consumer closes or the iterating task is cancelled.
    public nonisolated var records: ConsumerRecords { ConsumerRecords(consumer: self) }

    /// Leaves the consumer group, if any (committing first with
    /// `autoCommit`), and closes every connection. Later polls throw
    /// `KafkaClientError.closed`.
    public func close() async {
        isClosed = true
        await leaveGroup()
        await cluster.close()
    }

    // MARK: Internals

    /// Groups partitions by their leader's connection.
    func groupByLeader(_ partitions: [TopicPartition]) async throws
        -> [(connection: KafkaConnection, partitions: [TopicPartition])] {
        var byNode: [Int32: [TopicPartition]] = [:]
        for partition in partitions { byNode[try await cluster.leader(of: partition), default: []].append(partition) }
        var result: [(connection: KafkaConnection, partitions: [TopicPartition])] = []
        for (node, members) in byNode.sorted(by: { $0.key < $1.key }) {
            result.append((try await cluster.connection(toNode: node), members))
        }
        return result
    }

    private func fetchRequest(for partitions: [(TopicPartition, Int64)]) -> Fetch.Request {
        let offsets = Dictionary(uniqueKeysWithValues: partitions)
        return Fetch.Request(
            maxWaitMs: configuration.maxWait.kafkaMilliseconds,
            minBytes: configuration.minBytes, maxBytes: configuration.maxBytes,
            topics: partitions.map(\.0).groupedByTopic().map { topic in
                .init(name: topic.topic, partitions: topic.partitions.map {
                    .init(partition: $0, fetchOffset: offsets[TopicPartition(topic.topic, $0)]!,
                          partitionMaxBytes: configuration.partitionMaxBytes)
                })
            })
    }

    /// Takes one Fetch answer: decodes records, moves positions, resets
    /// out-of-range positions, drops stale leaders; throws other errors.
    private func accept<Item>(_ response: Fetch.Response, asked: [TopicPartition: Int64],
                              decode: (ByteBuffer, TopicPartition, Int64, inout [Item]) throws -> Int64,
                              into items: inout [Item]) async throws {
        guard response.errorCode == .none else { throw KafkaClientError.broker(response.errorCode, context: "Fetch") }
        for topic in response.topics {
            for data in topic.partitions {
                let partition = TopicPartition(topic.name, data.partitionIndex)
                // A seek during the fetch wins over what the fetch returned.
                guard let position = positions[partition], position == asked[partition] else { continue }
                switch data.errorCode {
                case .none:
                    guard let bytes = data.records else { continue }
                    positions[partition] = try decode(bytes, partition, position, &items)
                case .offsetOutOfRange:
                    positions[partition] = nil
                case let code where code.isRetriable:
                    await cluster.invalidate(after: .broker(code, context: "Fetch \(partition)"))
                default:
                    throw KafkaClientError.broker(data.errorCode, context: "Fetch \(partition)")
                }
            }
        }
    }

    /// Sets the positions of `partitions` to the offsets ListOffsets finds for `timestamp`.
    private func resolve(_ partitions: [TopicPartition], timestamp: Int64) async throws {
        let found = try await configuration.retry.run({ try await self.listOffsets(partitions, timestamp: timestamp) },
                                                      onRetry: { await self.cluster.invalidate(after: $0) })
        for (partition, offset) in found where assignment.contains(partition) { positions[partition] = offset }
    }

    private func listOffsets(_ partitions: [TopicPartition], timestamp: Int64) async throws -> [TopicPartition: Int64] {
        var found: [TopicPartition: Int64] = [:]
        for leader in try await groupByLeader(partitions) {
            let request = ListOffsets.Request(topics: leader.partitions.groupedByTopic().map { topic in
                .init(name: topic.topic, partitions: topic.partitions.map { .init(partitionIndex: $0, timestamp: timestamp) })
            })
            let response = try await leader.connection.send(request)
            for topic in response.topics {
                for result in topic.partitions {
                    let partition = TopicPartition(topic.name, result.partitionIndex)
                    guard result.errorCode == .none else {
                        throw KafkaClientError.broker(result.errorCode, context: "ListOffsets \(partition)")
                    }
                    found[partition] = result.offset
                }
            }
        }
        return found
    }
}

extension ConsumerConfiguration.OffsetReset {
    /// The ListOffsets timestamp that finds this position.
    var timestamp: Int64 {
        switch self {
        case .beginning: ListOffsets.earliestTimestamp
        case .end: ListOffsets.latestTimestamp
        }
    }
}
