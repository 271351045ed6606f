import Contracts
import LabKit

extension SchedulerSuite {
    /// Step 5: agents that go silent, and reconciliation.
    static let agentHealthStep = Step<any SchedulerLab>(
        5, "Failures: missed heartbeats and reconciliation",
        file: "Labs/Scheduler/HeartbeatMonitor.swift, Labs/Scheduler/Reconciliation.swift",
        function: "HeartbeatMonitor: heartbeat, remove, unreachable; Reconciliation.answer",
        hints: [
            "HeartbeatMonitor: lastSeen[agentID] = now on each heartbeat. unreachable: the agents with now − lastSeen > heartbeatIntervalMs × maxMissedHeartbeats, sorted; remove them from lastSeen before returning.",
            "Reconciliation, implicit (tasks is empty): the framework's own tasks (context.tasks where frameworkID matches) that are not terminal.",
            "Explicit: for each reference in order — known to the master for this framework: its status; its agentID is in recoveringAgents: no answer; otherwise a TASK_LOST status (agentID: reference.agentID ?? \"\").",
            "Every answer: uuid nil and timestamp now (copy the status into a var and change those two).",
        ],
        reading: "Labs/Scheduler/README.md#step-5-failures-missed-heartbeats-and-reconciliation"
    ) { lab, _ in
        var monitor = try attempt("makeAgentMonitor") { try lab.makeAgentMonitor(AgentHealthConfiguration(heartbeatIntervalMs: 100, maxMissedHeartbeats: 3)) }
        try attempt("heartbeat") {
            try monitor.heartbeat(agentID: "a2", now: 0)
            try monitor.heartbeat(agentID: "a1", now: 0)
            try monitor.heartbeat(agentID: "a3", now: 0)
        }
        try expectEqual(try attempt("unreachable") { try monitor.unreachable(now: 300) }, [], "unreachable(now: 300) (3 intervals of 100 ms missed is still allowed)")
        try monitor.heartbeat(agentID: "a1", now: 250)
        try attempt("remove") { try monitor.remove(agentID: "a3") }
        try expectEqual(try monitor.unreachable(now: 301), ["a2"], "unreachable(now: 301) (a1 sent one at 250; a3 was removed)")
        try expectEqual(try monitor.unreachable(now: 302), [], "unreachable(now: 302) (a2 was already reported: it is not watched any more)")
        try monitor.heartbeat(agentID: "a4", now: 300)
        try expectEqual(try monitor.unreachable(now: 1_000), ["a1", "a4"], "unreachable(now: 1000) (sorted)")

        let tasks = [
            TaskStatus(taskID: "t1", frameworkID: "fw-a", agentID: "a1", state: .running, message: "started", uuid: "x1", timestamp: 5),
            TaskStatus(taskID: "t2", frameworkID: "fw-a", agentID: "a1", state: .finished, uuid: "x2", timestamp: 6),
            TaskStatus(taskID: "t3", frameworkID: "fw-b", agentID: "a1", state: .running, uuid: "x3", timestamp: 7),
            TaskStatus(taskID: "t4", frameworkID: "fw-a", agentID: "a2", state: .staging, uuid: "x4", timestamp: 8),
        ]
        let context = ReconciliationContext(frameworkID: "fw-a", tasks: tasks, registeredAgents: ["a1"], recoveringAgents: ["a2"])
        func answered(_ status: TaskStatus) -> TaskStatus {
            var answer = status
            answer.uuid = nil
            answer.timestamp = 1_000
            return answer
        }
        try expectEqual(try attempt("reconcile") { try lab.reconcile([], context, now: 1_000) }, [answered(tasks[0]), answered(tasks[3])],
                        "reconcile([]) for fw-a (implicit: its non-terminal tasks t1 and t4, uuid nil, timestamp now)")
        let lost = { (task: String, agent: String) in
            TaskStatus(taskID: task, frameworkID: "fw-a", agentID: agent, state: .lost, timestamp: 1_000)
        }
        let explicit = try lab.reconcile([TaskReference(taskID: "t2", agentID: "a1"), TaskReference(taskID: "t3", agentID: "a1"),
                                          TaskReference(taskID: "t9", agentID: "a2"), TaskReference(taskID: "t8", agentID: "a1"),
                                          TaskReference(taskID: "t7")], context, now: 1_000)
        try expectEqual(explicit.map { "\($0.taskID) \($0.state) \($0.agentID) uuid:\($0.uuid ?? "nil") ts:\($0.timestamp)" },
                        [answered(tasks[1]), lost("t3", "a1"), lost("t8", "a1"), lost("t7", "")].map { "\($0.taskID) \($0.state) \($0.agentID) uuid:\($0.uuid ?? "nil") ts:\($0.timestamp)" },
                        "reconcile([t2 on a1, t3 on a1 (fw-b's), t9 on a2 (recovering), t8 on a1 (unknown), t7 (no agent)]) for fw-a")
    }
}
