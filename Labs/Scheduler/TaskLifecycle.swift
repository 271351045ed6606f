import Contracts

/// Step 4: which state changes a task may make.
enum TaskLifecycle {
    /// STAGING → STARTING → RUNNING → KILLING, each able to skip ahead and to
    /// end in a terminal state; nothing leaves a terminal state, nothing goes
    /// back, and staying in the same state is no transition.
    static func canTransition(from: TaskState, to: TaskState) throws -> Bool {
        throw NotImplemented(step: 4)
    }
}
