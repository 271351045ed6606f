/// An agent as the allocator sees it: its id and what is free on it (not
/// used by tasks, not in an outstanding offer).
public struct AllocatorAgent: Hashable, Sendable {
    public var id: String
    public var free: Resources

    public init(id: String, free: Resources) {
        self.id = id
        self.free = free
    }
}

/// A framework as the allocator sees it.
public struct AllocatorFramework: Hashable, Sendable {
    public var id: String
    /// Its weight (Mesos' role weight): weight 2 is entitled to twice the share of weight 1.
    public var weight: Double
    /// What it holds now: its tasks' resources plus its outstanding offers.
    public var allocated: Resources
    /// True when it asked for no offers (its SUPPRESS call).
    public var suppressed: Bool

    public init(id: String, weight: Double = 1, allocated: Resources = .none, suppressed: Bool = false) {
        self.id = id
        self.weight = weight
        self.allocated = allocated
        self.suppressed = suppressed
    }
}

/// A framework's filter on an agent: it declined the agent's resources recently.
public struct AgentFilter: Hashable, Sendable {
    public var frameworkID: String
    public var agentID: String

    public init(frameworkID: String, agentID: String) {
        self.frameworkID = frameworkID
        self.agentID = agentID
    }
}

/// One allocation round's input (the master runs one every allocation interval).
public struct AllocationRound: Sendable {
    /// The cluster's total resources: the denominators of every share.
    public var total: Resources
    /// The agents, in the order to allocate them.
    public var agents: [AllocatorAgent]
    /// The frameworks subscribed now.
    public var frameworks: [AllocatorFramework]
    /// (framework, agent) pairs not to offer now.
    public var filters: Set<AgentFilter>

    public init(total: Resources, agents: [AllocatorAgent], frameworks: [AllocatorFramework], filters: Set<AgentFilter> = []) {
        self.total = total
        self.agents = agents
        self.frameworks = frameworks
        self.filters = filters
    }
}

/// The allocator's decision: offer `resources` on `agentID` to `frameworkID`.
public struct Allocation: Hashable, Sendable, CustomStringConvertible {
    public var frameworkID: String
    public var agentID: String
    public var resources: Resources

    public init(frameworkID: String, agentID: String, resources: Resources) {
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.resources = resources
    }

    public var description: String { "\(resources) on \(agentID) → \(frameworkID)" }
}
