import KafkaProtocol

/// One consumer's membership of its group, in Kafka's classic group
/// protocol, as the group coordinator sees it: JoinGroup (again with the
/// member id the coordinator requires, MEMBER_ID_REQUIRED), the assignment
/// if this member leads, SyncGroup, Heartbeat and LeaveGroup.
///
/// Its requests go over a connection of their own to the coordinator
/// (`KafkaCluster.membershipConnection`); a request given up when its task
/// is cancelled closes that connection, whose answers are in order.
actor GroupMembership {
    /// The group's id.
    let group: String
    /// What this member subscribes to.
    let subscription: ConsumerProtocolSubscription
    private let configuration: ConsumerConfiguration
    private let cluster: KafkaCluster
    /// The generation and member id of the last join; generation -1 before
    /// the first and after leaving, member id "" until the coordinator gives one.
    private(set) var generation = GroupGeneration.outsideGroup

    /// How many times one join starts over (a new member id, a rebalance
    /// during SyncGroup) before it gives up.
    static let maxRounds = 10

    init(group: String, topics: [String], configuration: ConsumerConfiguration, cluster: KafkaCluster) {
        self.group = group
        subscription = ConsumerProtocolSubscription(topics: topics.sorted())
        self.configuration = configuration
        self.cluster = cluster
    }

    /// Joins (or rejoins) the group and returns this member's partitions in
    /// the new generation. Retriable errors (the coordinator moved or is
    /// unreachable) are retried as `configuration.retry` says.
    func join() async throws -> [TopicPartition] {
        try await configuration.retry.run({ try await joinAndSync() }, onRetry: { await self.cluster.invalidate(after: $0) })
    }

    /// Sends one Heartbeat; the coordinator's answer says whether to rejoin.
    func heartbeat() async throws -> ErrorCode {
        try await send(Heartbeat.Request(groupID: group, generationID: generation.generationID, memberID: generation.memberID))
            .errorCode
    }

    /// Forgets the member id (after UNKNOWN_MEMBER_ID): the next join starts from scratch.
    func forgetMemberID() {
        generation = .outsideGroup
    }

    /// Leaves the group (LeaveGroup), so that the others rebalance at once.
    func leave() async throws {
        let memberID = generation.memberID
        generation = .outsideGroup
        guard !memberID.isEmpty else { return }
        let response = try await send(LeaveGroup.Request(groupID: group, memberID: memberID, members: [.init(memberID: memberID)]))
        let code = response.members.first?.errorCode ?? response.errorCode
        guard code == .none || code == .unknownMemberID else { throw KafkaClientError.broker(code, context: "LeaveGroup \(group)") }
    }

    // MARK: Internals

    /// JoinGroup then SyncGroup, starting over as the coordinator asks.
    private func joinAndSync() async throws -> [TopicPartition] {
        for _ in 0..<Self.maxRounds {
            let joined = try await send(JoinGroup.Request(
                groupID: group, sessionTimeoutMs: configuration.sessionTimeout.kafkaMilliseconds,
                rebalanceTimeoutMs: configuration.rebalanceTimeout.kafkaMilliseconds, memberID: generation.memberID,
                protocolType: "consumer",
                protocols: configuration.assignmentStrategies.map { .init(name: $0.name, metadata: subscription.encoded) }),
                waits: true)
            switch joined.errorCode {
            case .none:
                generation = GroupGeneration(generationID: joined.generationID, memberID: joined.memberID)
            case .memberIDRequired:
                generation = GroupGeneration(generationID: -1, memberID: joined.memberID)
                continue
            case .unknownMemberID:
                generation = .outsideGroup
                continue
            case .rebalanceInProgress:
                continue
            default:
                throw KafkaClientError.broker(joined.errorCode, context: "JoinGroup \(group)")
            }
            let assignments = joined.leader == joined.memberID ? try await assign(joined) : []
            let synced = try await send(SyncGroup.Request(groupID: group, generationID: generation.generationID,
                                                          memberID: generation.memberID, assignments: assignments),
                                        waits: true)
            switch synced.errorCode {
            case .none:
                return try ConsumerProtocolAssignment(decoding: synced.assignment).partitions
            case .rebalanceInProgress, .illegalGeneration:
                continue
            case .unknownMemberID:
                generation = .outsideGroup
                continue
            default:
                throw KafkaClientError.broker(synced.errorCode, context: "SyncGroup \(group)")
            }
        }
        throw KafkaClientError.broker(.rebalanceInProgress, context: "joining \(group): no stable generation in \(Self.maxRounds) rounds")
    }

    /// The leader's work: every member's assignment, by the protocol the
    /// coordinator chose, from their subscriptions and the topics' partition counts.
    private func assign(_ joined: JoinGroup.Response) async throws -> [SyncGroup.Request.Assignment] {
        guard let strategy = PartitionAssignmentStrategy(rawValue: joined.protocolName) else {
            throw KafkaClientError.protocolViolation("the coordinator chose assignment protocol \(joined.protocolName), not offered")
        }
        var subscriptions: [String: [String]] = [:]
        for member in joined.members {
            subscriptions[member.memberID] = try ConsumerProtocolSubscription(decoding: member.metadata).topics
        }
        var partitionCounts: [String: Int] = [:]
        for topic in Set(subscriptions.values.joined()) {
            do {
                partitionCounts[topic] = try await cluster.metadata(of: topic).partitionCount
            } catch KafkaClientError.broker(.unknownTopicOrPartition, _) {
                continue  // not there (yet): nothing of it to assign
            }
        }
        return strategy.assign(subscriptions: subscriptions, partitionCounts: partitionCounts)
            .sorted { $0.key < $1.key }
            .map { .init(memberID: $0.key, assignment: ConsumerProtocolAssignment(partitions: $0.value).encoded) }
    }

    /// Sends `request` to the coordinator; `waits` for JoinGroup and SyncGroup,
    /// which may be held for up to the rebalance timeout.
    private func send<Request: KafkaRequest>(_ request: Request, waits: Bool = false) async throws -> Request.Response {
        let connection = try await cluster.membershipConnection(of: group)
        do {
            return try await connection.send(request, extraTimeout: waits ? configuration.rebalanceTimeout : .zero)
        } catch is CancellationError {
            await connection.close()  // the broker still holds the request: nothing after it would be answered
            throw CancellationError()
        }
    }
}
