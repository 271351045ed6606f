import Foundation

/// The scheduler lab: the heart of a Mesos master (two-level scheduling).
///
/// Agents advertise their resources; the master keeps what is free, offers
/// it to frameworks in Dominant Resource Fairness order, and frameworks
/// accept offers to launch tasks. Status updates flow back to frameworks
/// reliably, and the master notices agents that stop sending heartbeats. The
/// given master (`Sources/Mesos`) speaks Mesos' v1 scheduler HTTP API, keeps
/// its registry in SQLite and calls these; the student writes them.
/// Starter: `Labs/Scheduler`; reference: `Solutions/Scheduler`.
public protocol SchedulerLab: Sendable {
    /// Step 1: `a` and `b` together (normalized).
    func adding(_ a: Resources, _ b: Resources) throws -> Resources
    /// Step 1: true when every resource of `b` is in `a` (scalars no
    /// larger, every range value inside one of `a`'s ranges).
    func contains(_ a: Resources, _ b: Resources) throws -> Bool
    /// Step 1: `a` without `b` (normalized), or nil when `a` does not contain `b`.
    func subtracting(_ b: Resources, from a: Resources) throws -> Resources?

    /// Step 2: an empty offer book.
    func makeOfferBook(_ configuration: OfferBookConfiguration) throws -> any OfferBook

    /// Step 3: the largest of `allocated`'s shares of `total`, resource by
    /// resource (scalars only; a resource `total` lacks counts 0).
    func dominantShare(_ allocated: Resources, of total: Resources) throws -> Double
    /// Step 3: one DRF allocation round: each agent's free resources, in
    /// order, go whole to the eligible framework with the lowest weighted
    /// dominant share.
    func allocate(_ round: AllocationRound) throws -> [Allocation]

    /// Step 4: true when a task in state `from` may move to `to`.
    func canTransition(from: TaskState, to: TaskState) throws -> Bool
    /// Step 4: an empty status update manager that resends an
    /// unacknowledged update every `retryIntervalMs`.
    func makeStatusUpdateManager(retryIntervalMs: Int64) throws -> any StatusUpdateManager

    /// Step 5: a monitor with no agents yet.
    func makeAgentMonitor(_ configuration: AgentHealthConfiguration) throws -> any AgentMonitor
    /// Step 5: the answer to a RECONCILE call: explicit (the tasks listed) or
    /// implicit (an empty list: every non-terminal task of the framework).
    func reconcile(_ tasks: [TaskReference], _ context: ReconciliationContext, now: Int64) throws -> [TaskStatus]
}
