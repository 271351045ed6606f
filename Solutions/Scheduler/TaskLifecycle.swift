import Contracts

/// Step 4: which state changes a task may make.
enum TaskLifecycle {
    /// STAGING → STARTING → RUNNING → KILLING, each able to skip ahead and to
    /// end in a terminal state; nothing leaves a terminal state, nothing goes
    /// back, and staying in the same state is no transition.
    static func canTransition(from: TaskState, to: TaskState) throws -> Bool {
        if from.isTerminal { return false }
        if to.isTerminal { return true }
        return order(to) > order(from)
    }

    private static func order(_ state: TaskState) -> Int {
        switch state {
        case .staging: 0
        case .starting: 1
        case .running: 2
        case .killing: 3
        case .finished, .failed, .killed, .lost, .error: 4
        }
    }
}
