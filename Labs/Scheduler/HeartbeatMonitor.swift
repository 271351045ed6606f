import Contracts

/// Step 5: agents that stop sending heartbeats are found.
struct HeartbeatMonitor: AgentMonitor {
    let configuration: AgentHealthConfiguration
    /// Each watched agent's last heartbeat (ms).
    private var lastSeen: [String: Int64] = [:]

    init(_ configuration: AgentHealthConfiguration) {
        self.configuration = configuration
    }

    /// Remember when the agent was last heard from.
    mutating func heartbeat(agentID: String, now: Int64) throws {
        throw NotImplemented(step: 5)
    }

    /// Forget the agent.
    mutating func remove(agentID: String) throws {
        throw NotImplemented(step: 5)
    }

    /// Agents silent for more than heartbeatIntervalMs × maxMissedHeartbeats,
    /// sorted, and no longer watched.
    mutating func unreachable(now: Int64) throws -> [String] {
        throw NotImplemented(step: 5)
    }
}
