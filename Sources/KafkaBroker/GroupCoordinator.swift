import Foundation
import KafkaProtocol

/// Kafka's classic consumer-group protocol, for every group this broker
/// coordinates: members join, one round at a time (a rebalance); the leader
/// receives everyone's subscriptions and sends back the partition
/// assignment through SyncGroup; heartbeats keep members alive and tell
/// them when a new round starts.
///
///     Empty ─join─▶ PreparingRebalance ─all joined─▶ CompletingRebalance ─leader syncs─▶ Stable
///                       ▲                                                                  │
///                       └─────────────── a member joins, leaves or times out ◀────────────┘
actor GroupCoordinator {
    enum State { case empty, preparingRebalance, completingRebalance, stable }

    struct Member {
        var protocols: [JoinGroup.Request.GroupProtocol]
        var sessionTimeout: Duration
        var rebalanceTimeout: Duration
        var lastHeartbeat = ContinuousClock.now
        /// Waiting for this round's JoinGroup response.
        var join: CheckedContinuation<JoinGroup.Response, Never>?
        /// Waiting for this round's SyncGroup response.
        var sync: CheckedContinuation<SyncGroup.Response, Never>?
    }

    final class Group {
        var state = State.empty
        var generation: Int32 = 0
        var protocolType: String?
        var protocolName = ""
        var leader = ""
        var members: [String: Member] = [:]
        /// Member ids handed out with MEMBER_ID_REQUIRED, not yet joined, and
        /// until when they stay valid (the session timeout the client asked for).
        var pending: [String: ContinuousClock.Instant] = [:]
        var assignments: [String: [UInt8]] = [:]
        /// No round completes before this (gives a starting group time to fill).
        var notBefore = ContinuousClock.now
        var round = 0
    }

    /// How long a new group waits for more members (`group.initial.rebalance.delay.ms`, shortened).
    let initialDelay: Duration
    var groups: [String: Group] = [:]

    init(initialDelay: Duration) {
        self.initialDelay = initialDelay
    }

    // MARK: JoinGroup

    func join(_ request: JoinGroup.Request, version: Int16, clientID: String?) async -> JoinGroup.Response {
        let group = groups[request.groupID] ?? Group()
        groups[request.groupID] = group
        if let type = group.protocolType, !group.members.isEmpty, type != request.protocolType {
            return joinFailure(.inconsistentGroupProtocol, request.memberID)
        }
        // The newcomer must share a strategy (e.g. "range") with everyone else.
        let others = group.members.filter { $0.key != request.memberID }.values
        if let first = others.first {
            let common = others.reduce(Set(first.protocols.map(\.name))) { $0.intersection($1.protocols.map(\.name)) }
            if common.isDisjoint(with: request.protocols.map(\.name)) {
                return joinFailure(.inconsistentGroupProtocol, request.memberID)
            }
        }
        var memberID = request.memberID
        if memberID.isEmpty {
            memberID = "\(clientID ?? "member")-\(UUID().uuidString.lowercased())"
            if version >= 4 {
                group.pending[memberID] = .now + .milliseconds(Int(max(request.sessionTimeoutMs, 100)))
                return joinFailure(.memberIDRequired, memberID)
            }
        } else if group.members[memberID] == nil && group.pending[memberID] == nil {
            return joinFailure(.unknownMemberID, memberID)
        }
        group.pending[memberID] = nil
        group.protocolType = request.protocolType
        return await withCheckedContinuation { continuation in
            var member = group.members[memberID] ?? Member(protocols: [], sessionTimeout: .zero, rebalanceTimeout: .zero)
            member.join?.resume(returning: joinFailure(.unknownMemberID, memberID))
            member.protocols = request.protocols
            member.sessionTimeout = .milliseconds(Int(request.sessionTimeoutMs))
            member.rebalanceTimeout = .milliseconds(Int(request.rebalanceTimeoutMs > 0 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs))
            member.lastHeartbeat = .now
            member.join = continuation
            let firstMember = group.members.isEmpty
            group.members[memberID] = member
            if group.state != .preparingRebalance {
                startRound(group, id: request.groupID, wasEmpty: firstMember)
            }
            completeRoundIfReady(group)
        }
    }

    /// Starts a rebalance: everyone must rejoin (heartbeats say so); a
    /// pending SyncGroup is told to rejoin too.
    func startRound(_ group: Group, id: String, wasEmpty: Bool) {
        group.state = .preparingRebalance
        group.round += 1
        for (memberID, member) in group.members where member.sync != nil {
            member.sync?.resume(returning: SyncGroup.Response(errorCode: .rebalanceInProgress, assignment: []))
            group.members[memberID]?.sync = nil
        }
        if wasEmpty { group.notBefore = .now + initialDelay }
        let round = group.round
        let timeout = group.members.values.map(\.rebalanceTimeout).max() ?? .seconds(5)
        Task {
            try? await Task.sleep(until: group.notBefore, clock: .continuous)
            self.completeRoundIfReady(group)
            try? await Task.sleep(for: max(timeout, .milliseconds(100)))
            self.finishRound(group, round: round)
        }
    }

    /// Completes the round once every member has rejoined (and the initial delay passed).
    func completeRoundIfReady(_ group: Group) {
        guard group.state == .preparingRebalance, ContinuousClock.now >= group.notBefore,
              group.members.values.allSatisfy({ $0.join != nil }) else { return }
        completeRound(group)
    }

    /// At the rebalance timeout: members that did not rejoin are out.
    func finishRound(_ group: Group, round: Int) {
        guard group.state == .preparingRebalance, group.round == round else { return }
        for (memberID, member) in group.members where member.join == nil { group.members[memberID] = nil }
        if group.members.isEmpty { group.state = .empty } else { completeRound(group) }
    }

    func completeRound(_ group: Group) {
        group.generation += 1
        group.state = .completingRebalance
        group.assignments = [:]
        let ids = group.members.keys.sorted()
        if group.members[group.leader] == nil { group.leader = ids[0] }
        let leaderProtocols = group.members[group.leader]!.protocols.map(\.name)
        group.protocolName = leaderProtocols.first { name in
            group.members.values.allSatisfy { $0.protocols.contains { $0.name == name } }
        } ?? leaderProtocols.first ?? ""
        let roster = ids.map { id in
            JoinGroup.Response.Member(memberID: id, metadata: group.members[id]!.protocols.first { $0.name == group.protocolName }?.metadata ?? [])
        }
        for id in ids {
            let response = JoinGroup.Response(generationID: group.generation, protocolName: group.protocolName,
                                              leader: group.leader, memberID: id,
                                              members: id == group.leader ? roster : [])
            group.members[id]!.join?.resume(returning: response)
            group.members[id]!.join = nil
            group.members[id]!.lastHeartbeat = .now
        }
    }

    /// A JoinGroup answer that is only an error.
    nonisolated func joinFailure(_ error: ErrorCode, _ memberID: String) -> JoinGroup.Response {
        JoinGroup.Response(errorCode: error, protocolName: "", leader: "", memberID: memberID)
    }

    // MARK: SyncGroup

    func sync(_ request: SyncGroup.Request) async -> SyncGroup.Response {
        guard let group = groups[request.groupID], group.members[request.memberID] != nil else {
            return SyncGroup.Response(errorCode: .unknownMemberID, assignment: [])
        }
        guard request.generationID == group.generation else {
            return SyncGroup.Response(errorCode: .illegalGeneration, assignment: [])
        }
        switch group.state {
        case .preparingRebalance, .empty:
            return SyncGroup.Response(errorCode: .rebalanceInProgress, assignment: [])
        case .stable:
            return SyncGroup.Response(assignment: group.assignments[request.memberID] ?? [])
        case .completingRebalance:
            return await withCheckedContinuation { continuation in
                group.members[request.memberID]!.sync = continuation
                if request.memberID == group.leader {
                    for assignment in request.assignments { group.assignments[assignment.memberID] = assignment.assignment }
                    group.state = .stable
                    for (id, member) in group.members {
                        member.sync?.resume(returning: SyncGroup.Response(assignment: group.assignments[id] ?? []))
                        group.members[id]!.sync = nil
                    }
                }
            }
        }
    }

    // MARK: Heartbeat and LeaveGroup

    func heartbeat(_ request: Heartbeat.Request) -> ErrorCode {
        guard let group = groups[request.groupID], group.members[request.memberID] != nil else { return .unknownMemberID }
        expireSessions(group, id: request.groupID)
        guard group.members[request.memberID] != nil else { return .unknownMemberID }
        group.members[request.memberID]!.lastHeartbeat = .now
        if group.state == .preparingRebalance { return .rebalanceInProgress }
        return request.generationID == group.generation ? .none : .illegalGeneration
    }

    func leave(groupID: String, memberIDs: [String]) -> [ErrorCode] {
        guard let group = groups[groupID] else { return memberIDs.map { _ in .unknownMemberID } }
        let codes = memberIDs.map { id -> ErrorCode in
            guard let member = group.members.removeValue(forKey: id) else { return .unknownMemberID }
            member.join?.resume(returning: joinFailure(.unknownMemberID, id))
            member.sync?.resume(returning: SyncGroup.Response(errorCode: .unknownMemberID, assignment: []))
            return .none
        }
        rebalanceAfterDeparture(group, id: groupID)
        return codes
    }

    /// Whether a commit is from the group's current generation, as Kafka
    /// judges it: a member of it, and not while the new assignment is being
    /// handed out (during the join phase members commit what they read
    /// before giving their partitions up). A consumer outside group
    /// management (generation -1) may commit to a group without members.
    func mayCommit(groupID: String, generation: Int32, memberID: String) -> ErrorCode {
        guard let group = groups[groupID], !group.members.isEmpty else {
            return generation < 0 ? .none : .illegalGeneration
        }
        if group.state == .completingRebalance { return .rebalanceInProgress }
        guard generation >= 0, group.members[memberID] != nil else { return .unknownMemberID }
        return generation == group.generation ? .none : .illegalGeneration
    }

    /// Members silent for longer than their session timeout are gone, and
    /// so are handed-out member ids nobody came back with.
    func expireSessions(_ group: Group, id: String) {
        let now = ContinuousClock.now
        group.pending = group.pending.filter { $0.value > now }
        let expired = group.members.filter { $0.value.join == nil && now - $0.value.lastHeartbeat > $0.value.sessionTimeout }
        guard !expired.isEmpty else { return }
        for (memberID, member) in expired {
            member.sync?.resume(returning: SyncGroup.Response(errorCode: .unknownMemberID, assignment: []))
            group.members[memberID] = nil
        }
        rebalanceAfterDeparture(group, id: id)
    }

    func rebalanceAfterDeparture(_ group: Group, id: String) {
        if group.members.isEmpty {
            group.state = .empty
            group.round += 1
        } else if group.state == .preparingRebalance {
            completeRoundIfReady(group)
        } else {
            startRound(group, id: id, wasEmpty: false)
        }
    }

    /// Checks every group for expired members (called periodically).
    func sweep() {
        for (id, group) in groups { expireSessions(group, id: id) }
    }
}
