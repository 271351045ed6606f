import Contracts

/// Step 5: the answers to a framework's RECONCILE call.
enum Reconciliation {
    /// Implicit (no tasks named): the latest status of each of the framework's
    /// non-terminal tasks. Explicit: for each task named, its latest status if
    /// the master knows it; nothing while its agent is still recovering (the
    /// answer comes when the agent re-registers or times out); otherwise
    /// TASK_LOST. Answers carry no uuid: they are not acknowledged.
    static func answer(_ tasks: [TaskReference], _ context: ReconciliationContext, now: Int64) throws -> [TaskStatus] {
        let mine = context.tasks.filter { $0.frameworkID == context.frameworkID }
        if tasks.isEmpty {
            return mine.filter { !$0.state.isTerminal }.map { answered($0, now: now) }
        }
        var answers: [TaskStatus] = []
        for reference in tasks {
            if let known = mine.first(where: { $0.taskID == reference.taskID }) {
                answers.append(answered(known, now: now))
            } else if let agentID = reference.agentID, context.recoveringAgents.contains(agentID) {
                continue
            } else {
                answers.append(TaskStatus(taskID: reference.taskID, frameworkID: context.frameworkID,
                                          agentID: reference.agentID ?? "", state: .lost,
                                          message: "Reconciliation: task is unknown to the master", timestamp: now))
            }
        }
        return answers
    }

    private static func answered(_ status: TaskStatus, now: Int64) -> TaskStatus {
        var answer = status
        answer.uuid = nil
        answer.timestamp = now
        return answer
    }
}
