import KafkaProtocol

/// A consumer's group membership: what `subscribe` started.
struct GroupState {
    let membership: GroupMembership
    /// The background work: heartbeats, auto-commits, rejoining.
    var work: Task<Void, Never>?
    /// Set when the coordinator says a rebalance started (or the generation is gone).
    var needsRejoin = false
    /// An error the background work met, for the next `poll` to throw.
    var failure: (any Error)?
}

extension KafkaConsumer {
    /// Joins consumer group `group` (by default `configuration.groupID`) as a
    /// subscriber of `topics`, the way Kafka's classic consumer does:
    /// FindCoordinator, JoinGroup, the leader's assignment (by the first of
    /// `configuration.assignmentStrategies` every member offers), SyncGroup.
    /// Returns once this member has its partitions; each starts from the
    /// offset the group committed, or by `autoOffsetReset` where none.
    ///
    /// From then on a background task heartbeats every `heartbeatInterval`,
    /// commits every `autoCommitInterval` (with `autoCommit`), and rejoins
    /// when the coordinator announces a rebalance: it first commits (with
    /// `autoCommit`) and gives up every partition, so that `poll` returns
    /// records only of partitions assigned in the current generation.
    /// `close()` leaves the group and ends that task (until then it keeps
    /// the consumer alive). A consumer already in a group leaves it first.
    public func subscribe(topics: [String], group: String? = nil) async throws {
        guard let groupID = group ?? configuration.groupID else { throw KafkaClientError.noGroup }
        await leaveGroup()
        let membership = GroupMembership(group: groupID, topics: topics, configuration: configuration, cluster: cluster)
        self.group = GroupState(membership: membership)
        do {
            try await rejoin(membership)
        } catch {
            self.group = nil
            try? await membership.leave()
            throw error
        }
        self.group?.work = Task { await self.runGroup(membership) }
    }

    /// The group generation and member id this consumer commits with; nil
    /// when it has not subscribed.
    public var groupGeneration: GroupGeneration? {
        get async { await group?.membership.generation }
    }

    /// Commits the position of every assigned partition for the subscribed
    /// group, in its current generation. Throws `KafkaClientError.noGroup`
    /// without `subscribe`; when the coordinator rejects the generation (a
    /// rebalance is under way) the consumer rejoins, and the error is thrown.
    public func commit() async throws {
        guard let membership = group?.membership else { throw KafkaClientError.noGroup }
        guard !assignment.isEmpty else { return }
        do {
            try await commitPositions(group: membership.group, generation: await membership.generation)
        } catch let error as KafkaClientError where error.meansRejoin {
            group?.needsRejoin = true
            throw error
        }
    }

    // MARK: Internals

    /// The group's background work, until cancelled.
    private func runGroup(_ membership: GroupMembership) async {
        var nextCommit = ContinuousClock.now + configuration.autoCommitInterval
        while !Task.isCancelled {
            do {
                if group?.needsRejoin == true {
                    try await rejoin(membership)
                    continue
                }
                try await Task.sleep(for: configuration.heartbeatInterval)
                try await heartbeat(membership)
                if configuration.autoCommit, ContinuousClock.now >= nextCommit, group?.needsRejoin == false {
                    nextCommit = ContinuousClock.now + configuration.autoCommitInterval
                    try await commit()
                }
            } catch is CancellationError {
                return
            } catch let error as KafkaClientError where error.isRetriable || error.meansRejoin {
                await cluster.invalidate(after: error)
                try? await Task.sleep(for: configuration.retry.backoff)
            } catch {
                group?.failure = error
                try? await Task.sleep(for: configuration.heartbeatInterval)
            }
        }
    }

    /// One heartbeat; a rebalance or a lost generation means rejoining.
    private func heartbeat(_ membership: GroupMembership) async throws {
        let code = try await membership.heartbeat()
        switch code {
        case .none:
            return
        case .rebalanceInProgress, .illegalGeneration:
            group?.needsRejoin = true
        case .unknownMemberID:
            await membership.forgetMemberID()
            group?.needsRejoin = true
        default:
            throw KafkaClientError.broker(code, context: "Heartbeat for group \(membership.group)")
        }
    }

    /// Commits (with `autoCommit`), gives up every partition, joins the new
    /// generation and takes its partitions from their committed offsets.
    private func rejoin(_ membership: GroupMembership) async throws {
        if configuration.autoCommit { try? await commit() }
        assign([])
        group?.needsRejoin = false
        do {
            let partitions = try await membership.join()
            let committed = try await committed(group: membership.group, partitions: partitions)
            assign(partitions, from: committed)
        } catch {
            group?.needsRejoin = true
            throw error
        }
    }

    /// Stops the background work, commits (with `autoCommit`) and leaves the
    /// group; errors are dropped (the coordinator times the member out anyway).
    func leaveGroup() async {
        guard let current = group else { return }
        current.work?.cancel()
        await current.work?.value
        if configuration.autoCommit { try? await commit() }
        try? await current.membership.leave()
        group = nil
        assign([])
    }
}

extension KafkaClientError {
    /// The coordinator no longer takes this member's generation: rejoin.
    var meansRejoin: Bool {
        guard case .broker(let code, _) = self else { return false }
        return [.rebalanceInProgress, .illegalGeneration, .unknownMemberID].contains(code)
    }
}
