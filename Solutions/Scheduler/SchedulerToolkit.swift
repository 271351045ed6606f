import Contracts

/// The scheduler lab: resources, offers, the DRF allocator, task status
/// updates and agent health. Each step is in files of its own; start with
/// ResourceMath.swift.
public struct SchedulerToolkit: SchedulerLab {
    public init() {}

    public func adding(_ a: Resources, _ b: Resources) throws -> Resources {
        try ResourceMath.adding(a, b)
    }

    public func contains(_ a: Resources, _ b: Resources) throws -> Bool {
        try ResourceMath.contains(a, b)
    }

    public func subtracting(_ b: Resources, from a: Resources) throws -> Resources? {
        try ResourceMath.subtracting(b, from: a)
    }

    public func makeOfferBook(_ configuration: OfferBookConfiguration) throws -> any OfferBook {
        Offers(configuration)
    }

    public func dominantShare(_ allocated: Resources, of total: Resources) throws -> Double {
        try DRF.dominantShare(allocated, of: total)
    }

    public func allocate(_ round: AllocationRound) throws -> [Allocation] {
        try DRF.allocate(round)
    }

    public func canTransition(from: TaskState, to: TaskState) throws -> Bool {
        try TaskLifecycle.canTransition(from: from, to: to)
    }

    public func makeStatusUpdateManager(retryIntervalMs: Int64) throws -> any StatusUpdateManager {
        StatusUpdates(retryIntervalMs: retryIntervalMs)
    }

    public func makeAgentMonitor(_ configuration: AgentHealthConfiguration) throws -> any AgentMonitor {
        HeartbeatMonitor(configuration)
    }

    public func reconcile(_ tasks: [TaskReference], _ context: ReconciliationContext, now: Int64) throws -> [TaskStatus] {
        try Reconciliation.answer(tasks, context, now: now)
    }
}
