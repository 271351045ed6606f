import KafkaProtocol
import NIOCore

/// One representative request and response per API version we serve, with
/// several topics and partitions and nulls where the version allows them.
/// `Fixtures/make_messages.py` builds the same values with kafka-python, so
/// change both together. `since(v, n, x, otherwise)` is x from version n on,
/// else what a reader of that version gets for a field it does not have.
enum Samples {
    static func since<T>(_ version: Int16, _ first: Int16, _ value: T, _ otherwise: T) -> T {
        version >= first ? value : otherwise
    }

    static func bytes(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    // MARK: Metadata

    static func metadataRequest(_ v: Int16) -> Metadata.Request {
        Metadata.Request(topics: [1, 4, 7].contains(v) ? nil : ["chirps", "users"],
                         allowAutoTopicCreation: since(v, 4, false, true),
                         includeClusterAuthorizedOperations: since(v, 8, true, false),
                         includeTopicAuthorizedOperations: since(v, 8, true, false))
    }

    static func metadataResponse(_ v: Int16) -> Metadata.Response {
        typealias P = Metadata.Response.Partition
        let none = Metadata.Response.authorizedOperationsNotRequested
        return Metadata.Response(
            throttleTimeMs: since(v, 3, 7, 0),
            brokers: [.init(nodeID: 1, host: "broker-1", port: 9092, rack: since(v, 1, "rack-a", nil)),
                      .init(nodeID: 2, host: "broker-2", port: 9093, rack: nil)],
            clusterID: since(v, 2, "box-cluster", nil), controllerID: since(v, 1, 1, -1),
            topics: [
                .init(name: "chirps", partitions: [
                    P(partitionIndex: 0, leaderID: 1, leaderEpoch: since(v, 7, 5, -1), replicaNodes: [1, 2], isrNodes: [1, 2]),
                    P(errorCode: ErrorCode(rawValue: 9), partitionIndex: 1, leaderID: 2, leaderEpoch: since(v, 7, 3, -1),
                      replicaNodes: [2, 1], isrNodes: [2], offlineReplicas: since(v, 5, [1], [])),
                ], topicAuthorizedOperations: since(v, 8, 0x38, none)),
                .init(errorCode: .unknownTopicOrPartition, name: "missing", partitions: []),
                .init(name: "__consumer_offsets", isInternal: since(v, 1, true, false), partitions: [
                    P(partitionIndex: 0, leaderID: 1, leaderEpoch: since(v, 7, 0, -1), replicaNodes: [1], isrNodes: [1]),
                ]),
            ],
            clusterAuthorizedOperations: since(v, 8, 0x84, none))
    }

    // MARK: Produce

    static func produceRequest(_ v: Int16) -> Produce.Request {
        Produce.Request(transactionalID: v % 2 == 1 ? "tx-1" : nil, acks: -1, timeoutMs: 1500, topics: [
            .init(name: "chirps", partitions: [.init(index: 0, records: bytes("batch-0")), .init(index: 1, records: nil)]),
            .init(name: "users", partitions: [.init(index: 2, records: ByteBuffer())]),
        ])
    }

    static func produceResponse(_ v: Int16) -> Produce.Response {
        Produce.Response(topics: [
            .init(name: "chirps", partitions: [
                .init(index: 0, baseOffset: 100, logStartOffset: since(v, 5, 5, -1)),
                .init(index: 1, errorCode: .invalidRecord, baseOffset: -1, logAppendTimeMs: 1_700_000_000_000,
                      recordErrors: since(v, 8, [.init(batchIndex: 0, message: "bad crc"), .init(batchIndex: 2)], []),
                      errorMessage: since(v, 8, "invalid record", nil)),
            ]),
        ], throttleTimeMs: 3)
    }

    // MARK: Fetch

    static func fetchRequest(_ v: Int16) -> Fetch.Request {
        Fetch.Request(
            maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: 1,
            sessionID: since(v, 7, 12, 0), sessionEpoch: since(v, 7, 3, -1),
            topics: [
                .init(name: "chirps", partitions: [
                    .init(partition: 0, currentLeaderEpoch: since(v, 9, 4, -1), fetchOffset: 100,
                          logStartOffset: since(v, 5, 7, -1), partitionMaxBytes: 1_048_576),
                    .init(partition: 1, fetchOffset: 0, partitionMaxBytes: 65536),
                ]),
                .init(name: "users", partitions: []),
            ],
            forgottenTopics: since(v, 7, [.init(name: "old", partitions: [0, 2])], []),
            rackID: since(v, 11, "rack-a", ""))
    }

    static func fetchResponse(_ v: Int16) -> Fetch.Response {
        Fetch.Response(sessionID: since(v, 7, 12, 0), topics: [
            .init(name: "chirps", partitions: [
                .init(partitionIndex: 0, highWatermark: 103, lastStableOffset: 103, logStartOffset: since(v, 5, 0, -1),
                      abortedTransactions: [.init(producerID: 4000, firstOffset: 101)],
                      preferredReadReplica: since(v, 11, 2, -1), records: bytes("batch-100")),
                .init(partitionIndex: 1, errorCode: .offsetOutOfRange, highWatermark: 10, records: nil),
            ]),
        ])
    }

    // MARK: ListOffsets

    static func listOffsetsRequest(_ v: Int16) -> ListOffsets.Request {
        ListOffsets.Request(isolationLevel: since(v, 2, 1, 0), topics: [
            .init(name: "chirps", partitions: [
                .init(partitionIndex: 0, currentLeaderEpoch: since(v, 4, 5, -1), timestamp: ListOffsets.latestTimestamp),
                .init(partitionIndex: 1, timestamp: ListOffsets.earliestTimestamp),
            ]),
            .init(name: "users", partitions: [.init(partitionIndex: 0, timestamp: 1_700_000_000_000)]),
        ])
    }

    static func listOffsetsResponse(_ v: Int16) -> ListOffsets.Response {
        ListOffsets.Response(throttleTimeMs: since(v, 2, 2, 0), topics: [
            .init(name: "chirps", partitions: [
                .init(partitionIndex: 0, offset: 103, leaderEpoch: since(v, 4, 5, -1)),
                .init(partitionIndex: 1, errorCode: .notLeaderOrFollower),
            ]),
        ])
    }

    // MARK: FindCoordinator

    static func findCoordinatorRequest(_ v: Int16) -> FindCoordinator.Request {
        FindCoordinator.Request(key: "chirp-readers", keyType: since(v, 2, FindCoordinator.transactionKeyType,
                                                                     FindCoordinator.groupKeyType))
    }

    static func findCoordinatorResponse(_ v: Int16) -> FindCoordinator.Response {
        FindCoordinator.Response(throttleTimeMs: since(v, 1, 4, 0), errorCode: v == 2 ? .coordinatorNotAvailable : .none,
                                 errorMessage: since(v, 2, "loading", nil), nodeID: 1, host: "localhost", port: 9092)
    }

    // MARK: Groups

    static func joinGroupRequest(_ v: Int16) -> JoinGroup.Request {
        JoinGroup.Request(groupID: "chirp-readers", sessionTimeoutMs: 10_000, rebalanceTimeoutMs: since(v, 1, 30_000, -1),
                          memberID: since(v, 1, "member-1", ""), groupInstanceID: since(v, 5, "static-1", nil),
                          protocolType: "consumer",
                          protocols: [.init(name: "range", metadata: [0, 1] + Array("sub".utf8)),
                                      .init(name: "roundrobin", metadata: [])])
    }

    static func joinGroupResponse(_ v: Int16) -> JoinGroup.Response {
        JoinGroup.Response(throttleTimeMs: since(v, 2, 6, 0), generationID: 3, protocolName: "range", leader: "member-1",
                           memberID: "member-1",
                           members: [.init(memberID: "member-1", groupInstanceID: since(v, 5, "static-1", nil),
                                           metadata: [0, 1] + Array("m1".utf8)),
                                     .init(memberID: "member-2", metadata: [])])
    }

    static func syncGroupRequest(_ v: Int16) -> SyncGroup.Request {
        SyncGroup.Request(groupID: "chirp-readers", generationID: 3, memberID: "member-1",
                          groupInstanceID: since(v, 3, "static-1", nil),
                          assignments: [.init(memberID: "member-1", assignment: [0, 1] + Array("a1".utf8)),
                                        .init(memberID: "member-2", assignment: [])])
    }

    static func syncGroupResponse(_ v: Int16) -> SyncGroup.Response {
        SyncGroup.Response(throttleTimeMs: since(v, 1, 1, 0), assignment: [0, 1] + Array("a1".utf8))
    }

    static func heartbeatRequest(_ v: Int16) -> Heartbeat.Request {
        Heartbeat.Request(groupID: "chirp-readers", generationID: 3, memberID: "member-1",
                          groupInstanceID: since(v, 3, "static-1", nil))
    }

    static func heartbeatResponse(_ v: Int16) -> Heartbeat.Response {
        Heartbeat.Response(throttleTimeMs: since(v, 1, 1, 0), errorCode: .rebalanceInProgress)
    }

    static func leaveGroupRequest(_ v: Int16) -> LeaveGroup.Request {
        LeaveGroup.Request(groupID: "chirp-readers", memberID: since(v, 3, "", "member-1"),
                           members: since(v, 3, [.init(memberID: "member-1", groupInstanceID: "static-1"),
                                                 .init(memberID: "member-2")], []))
    }

    static func leaveGroupResponse(_ v: Int16) -> LeaveGroup.Response {
        LeaveGroup.Response(throttleTimeMs: since(v, 1, 1, 0),
                            members: since(v, 3, [.init(memberID: "member-1", groupInstanceID: "static-1"),
                                                  .init(memberID: "member-2", errorCode: .unknownMemberID)], []))
    }

    // MARK: Offsets

    static func offsetCommitRequest(_ v: Int16) -> OffsetCommit.Request {
        OffsetCommit.Request(groupID: "chirp-readers", generationID: 3, memberID: "member-1",
                             groupInstanceID: since(v, 7, "static-1", nil), retentionTimeMs: v <= 4 ? 86_400_000 : -1,
                             topics: [.init(name: "chirps", partitions: [
                                 .init(partitionIndex: 0, committedOffset: 103, committedLeaderEpoch: since(v, 6, 5, -1),
                                       committedMetadata: "checkpoint"),
                                 .init(partitionIndex: 1, committedOffset: 7),
                             ])])
    }

    static func offsetCommitResponse(_ v: Int16) -> OffsetCommit.Response {
        OffsetCommit.Response(throttleTimeMs: since(v, 3, 2, 0), topics: [
            .init(name: "chirps", partitions: [.init(partitionIndex: 0), .init(partitionIndex: 1, errorCode: .illegalGeneration)]),
            .init(name: "users", partitions: []),
        ])
    }

    static func offsetFetchRequest(_ v: Int16) -> OffsetFetch.Request {
        OffsetFetch.Request(groupID: "chirp-readers", topics: [2, 4].contains(v) ? nil : [
            .init(name: "chirps", partitionIndexes: [0, 1]), .init(name: "users", partitionIndexes: []),
        ])
    }

    static func offsetFetchResponse(_ v: Int16) -> OffsetFetch.Response {
        OffsetFetch.Response(throttleTimeMs: since(v, 3, 2, 0), topics: [
            .init(name: "chirps", partitions: [
                .init(partitionIndex: 0, committedOffset: 103, committedLeaderEpoch: since(v, 5, 5, -1), metadata: "checkpoint"),
                .init(partitionIndex: 1, committedOffset: -1, metadata: nil),
            ]),
        ], errorCode: v == 4 ? .coordinatorLoadInProgress : .none)
    }

    // MARK: InitProducerId

    static func initProducerIDRequest(_ v: Int16) -> InitProducerID.Request {
        InitProducerID.Request(transactionalID: since(v, 1, "tx-1", nil), transactionTimeoutMs: 60_000)
    }

    static func initProducerIDResponse(_ v: Int16) -> InitProducerID.Response {
        InitProducerID.Response(producerID: 4000, producerEpoch: 3)
    }
}
