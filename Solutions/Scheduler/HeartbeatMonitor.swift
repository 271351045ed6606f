import Contracts

/// Step 5: agents that stop sending heartbeats are found.
struct HeartbeatMonitor: AgentMonitor {
    let configuration: AgentHealthConfiguration
    /// Each watched agent's last heartbeat (ms).
    private var lastSeen: [String: Int64] = [:]

    init(_ configuration: AgentHealthConfiguration) {
        self.configuration = configuration
    }

    mutating func heartbeat(agentID: String, now: Int64) throws {
        lastSeen[agentID] = max(now, lastSeen[agentID] ?? now)
    }

    mutating func remove(agentID: String) throws {
        lastSeen[agentID] = nil
    }

    mutating func unreachable(now: Int64) throws -> [String] {
        let allowed = configuration.heartbeatIntervalMs * Int64(configuration.maxMissedHeartbeats)
        let gone = lastSeen.filter { now - $0.value > allowed }.keys.sorted()
        for agentID in gone { lastSeen[agentID] = nil }
        return gone
    }
}
