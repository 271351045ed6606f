/// How the master decides an agent is gone.
public struct AgentHealthConfiguration: Sendable {
    /// How often agents send a heartbeat (ms).
    public var heartbeatIntervalMs: Int64
    /// After this many intervals without one, the agent is removed
    /// (Mesos' `--max_agent_ping_timeouts`).
    public var maxMissedHeartbeats: Int

    public init(heartbeatIntervalMs: Int64, maxMissedHeartbeats: Int) {
        self.heartbeatIntervalMs = heartbeatIntervalMs
        self.maxMissedHeartbeats = maxMissedHeartbeats
    }
}

/// The master's watch over its agents' heartbeats (step 5).
public protocol AgentMonitor: Sendable {
    /// `agentID` is alive at `now` (it registered or sent a heartbeat).
    mutating func heartbeat(agentID: String, now: Int64) throws
    /// Stop watching `agentID` (it left).
    mutating func remove(agentID: String) throws
    /// The agents whose last heartbeat is more than the allowed missed
    /// intervals old at `now`, sorted; they are no longer watched.
    mutating func unreachable(now: Int64) throws -> [String]
}

/// One task a framework asks about in a RECONCILE call.
public struct TaskReference: Hashable, Sendable {
    public var taskID: String
    /// The agent the framework believes it is on, if it knows.
    public var agentID: String?

    public init(taskID: String, agentID: String? = nil) {
        self.taskID = taskID
        self.agentID = agentID
    }
}

/// What the master knows when a framework reconciles.
public struct ReconciliationContext: Sendable {
    /// The framework asking.
    public var frameworkID: String
    /// The latest status of every task the master knows, of every framework.
    public var tasks: [TaskStatus]
    /// Agents registered now.
    public var registeredAgents: Set<String>
    /// Agents known from the registry that have not re-registered since the
    /// master restarted: their tasks' fates are not known yet.
    public var recoveringAgents: Set<String>

    public init(frameworkID: String, tasks: [TaskStatus], registeredAgents: Set<String>, recoveringAgents: Set<String>) {
        self.frameworkID = frameworkID
        self.tasks = tasks
        self.registeredAgents = registeredAgents
        self.recoveringAgents = recoveringAgents
    }
}
