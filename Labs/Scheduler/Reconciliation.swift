import Contracts

/// Step 5: the answers to a framework's RECONCILE call.
enum Reconciliation {
    /// Implicit (no tasks named): the latest status of each of the framework's
    /// non-terminal tasks. Explicit: for each task named, its latest status if
    /// the master knows it; nothing while its agent is still recovering (the
    /// answer comes when the agent re-registers or times out); otherwise
    /// TASK_LOST. Answers carry no uuid (they are not acknowledged) and
    /// `now` as their timestamp.
    static func answer(_ tasks: [TaskReference], _ context: ReconciliationContext, now: Int64) throws -> [TaskStatus] {
        throw NotImplemented(step: 5)
    }
}
