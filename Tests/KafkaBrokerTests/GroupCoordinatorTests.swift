@testable import KafkaBroker
import KafkaProtocol
import Testing

/// The group coordinator on its own, without a network.
@Suite("Group coordinator")
struct GroupCoordinatorTests {
    func join(_ coordinator: GroupCoordinator, member: String = "", protocols: [String], session: Int32 = 10_000)
        async -> JoinGroup.Response {
        let request = JoinGroup.Request(groupID: "g", sessionTimeoutMs: session, rebalanceTimeoutMs: 5_000, memberID: member,
                                        protocolType: "consumer",
                                        protocols: protocols.map { .init(name: $0, metadata: []) })
        return await coordinator.join(request, version: 5, clientID: "test")
    }

    @Test("a newcomer that shares no assignment strategy with the group is refused")
    func inconsistentProtocols() async {
        let coordinator = GroupCoordinator(initialDelay: .zero)
        let handshake = await join(coordinator, protocols: ["range"])
        #expect(handshake.errorCode == .memberIDRequired)
        let joined = await join(coordinator, member: handshake.memberID, protocols: ["range", "roundrobin"])
        #expect(joined.errorCode == .none && joined.generationID == 1 && joined.leader == handshake.memberID)
        let stranger = await join(coordinator, protocols: ["cooperative-sticky"])
        #expect(stranger.errorCode == .inconsistentGroupProtocol)
    }

    @Test("a member id handed out with MEMBER_ID_REQUIRED expires if its client never comes back")
    func pendingMemberExpires() async throws {
        let coordinator = GroupCoordinator(initialDelay: .zero)
        let handshake = await join(coordinator, protocols: ["range"], session: 100)
        #expect(handshake.errorCode == .memberIDRequired)
        try await Task.sleep(for: .milliseconds(150))  // the expiry is itself a matter of time
        await coordinator.sweep()
        let late = await join(coordinator, member: handshake.memberID, protocols: ["range"])
        #expect(late.errorCode == .unknownMemberID)
    }
}
