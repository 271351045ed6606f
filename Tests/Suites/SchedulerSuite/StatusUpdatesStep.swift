import Contracts
import LabKit

extension SchedulerSuite {
    /// Step 4: task states and reliable status updates.
    static let statusUpdatesStep = Step<any SchedulerLab>(
        4, "Task states and status updates, at least once",
        file: "Labs/Scheduler/TaskLifecycle.swift, Labs/Scheduler/StatusUpdates.swift",
        function: "TaskLifecycle.canTransition; StatusUpdates: update, acknowledge, due, forget",
        hints: [
            "canTransition: a terminal state (from.isTerminal) goes nowhere; any other state may end (to.isTerminal); otherwise the move must go forward in STAGING, STARTING, RUNNING, KILLING (give each a number and compare).",
            "update: append to queues[status.key] (and the key to order if it is new). Only when it is now the queue's only update does it go out: sentAt[key] = now, return [status]. A task is its TaskKey (framework and task id): two frameworks may both have a t1.",
            "acknowledge: only the head's uuid counts. Drop the head; if another waits, it becomes the head: sentAt = now, return it; if none, remove the task from queues, sentAt and order.",
            "due: for each task in order whose head was sent retryIntervalMs or more ago, sentAt = now and return its head.",
        ],
        reading: "Labs/Scheduler/README.md#step-4-task-states-and-status-updates-at-least-once"
    ) { lab, _ in
        let allowed: [(TaskState, TaskState, Bool)] = [
            (.staging, .starting, true), (.staging, .running, true), (.starting, .running, true), (.running, .finished, true),
            (.running, .killing, true), (.killing, .killed, true), (.staging, .lost, true), (.running, .failed, true),
            (.running, .starting, false), (.running, .running, false), (.starting, .staging, false), (.killing, .running, false),
            (.finished, .running, false), (.lost, .running, false), (.killed, .finished, false), (.failed, .failed, false),
            // Any live state may end in any terminal one: a kill races with the task's own exit, a launch fails.
            (.killing, .finished, true), (.killing, .failed, true), (.killing, .lost, true), (.staging, .failed, true),
            (.starting, .killing, true), (.staging, .error, true),
        ]
        for (from, to, expected) in allowed {
            try expectEqual(try attempt("canTransition") { try lab.canTransition(from: from, to: to) }, expected, "canTransition(from: \(from), to: \(to))")
        }

        func status(_ task: String, _ state: TaskState, _ uuid: String, framework: String = "fw-a") -> TaskStatus {
            TaskStatus(taskID: task, frameworkID: framework, agentID: "a1", state: state, uuid: uuid, timestamp: 0)
        }
        let u1 = status("t1", .running, "u1"), u2 = status("t1", .finished, "u2"), v1 = status("t2", .running, "v1", framework: "fw-b")
        let t1 = TaskKey(frameworkID: "fw-a", taskID: "t1")
        var manager = try attempt("makeStatusUpdateManager") { try lab.makeStatusUpdateManager(retryIntervalMs: 1_000) }
        try expectEqual(try attempt("update") { try manager.update(u1, now: 0) }, [u1], "update(t1 RUNNING, now: 0) (nothing unacknowledged for t1: send it)")
        try expectEqual(try manager.update(u2, now: 10), [], "update(t1 FINISHED, now: 10) (t1 RUNNING is not acknowledged yet: wait)")
        try expectEqual(try manager.update(v1, now: 20), [v1], "update(t2 RUNNING, now: 20) (another task: send it)")
        try expectEqual(manager.pending, [u1, u2, v1], "pending after three updates")
        try expectEqual(try attempt("due") { try manager.due(now: 999) }, [], "due(now: 999) (t1's head was sent at 0, retry after 1000)")
        try expectEqual(try manager.due(now: 1_000), [u1], "due(now: 1000)")
        try expectEqual(try manager.due(now: 1_010), [], "due(now: 1010) (t1's head went again at 1000; t2's at 20)")
        try expectEqual(try manager.due(now: 1_020), [v1], "due(now: 1020)")
        try expectEqual(try attempt("acknowledge") { try manager.acknowledge(t1, uuid: "u2", now: 1_100) }, [],
                        "acknowledge(t1, u2) (not the head: updates are acknowledged in order)")
        try expectEqual(try manager.acknowledge(t1, uuid: "u1", now: 1_100), [u2], "acknowledge(t1, u1, now: 1100) (now send t1 FINISHED)")
        try expectEqual(try manager.acknowledge(t1, uuid: "u1", now: 1_200), [], "acknowledge(t1, u1) a second time (a duplicate)")
        try expectEqual(try manager.due(now: 2_050), [v1], "due(now: 2050) (t2's head went at 1020; t1's new head at 1100)")
        try expectEqual(try manager.due(now: 2_100), [u2], "due(now: 2100)")
        try expectEqual(try manager.acknowledge(t1, uuid: "u2", now: 2_200), [], "acknowledge(t1, u2) (t1's last update)")
        try expectEqual(manager.pending, [v1], "pending once t1's updates are acknowledged")
        try expectEqual(try manager.due(now: 10_000), [v1], "due(now: 10000) (unacknowledged: retried forever)")
        let z1 = status("t9", .running, "z1")
        try expectEqual(try manager.update(z1, now: 10_000), [z1], "update(t9 RUNNING of fw-a, now: 10000)")
        try attempt("forget") { try manager.forget(frameworkID: "fw-b") }
        try expectEqual(manager.pending, [z1], "pending after forget(frameworkID: fw-b) (fw-a's update stays: forget only that framework's)")
        try expectEqual(try manager.acknowledge(TaskKey(frameworkID: "fw-a", taskID: "t9"), uuid: "z1", now: 10_001), [], "acknowledge(t9, z1)")
        try expectEqual(manager.pending, [], "pending after forget(frameworkID: fw-b) and acknowledging fw-a's update")
        try expectEqual(try manager.due(now: 20_000), [], "due after forget(frameworkID: fw-b)")
        try expectEqual(try manager.update(u1, now: 30_000), [u1], "update(t1 RUNNING) again after t1's queue emptied (send it)")
        let other = status("t1", .running, "w1", framework: "fw-c")
        try expectEqual(try manager.update(other, now: 30_000), [other],
                        "update(t1 RUNNING of fw-c) while fw-a's t1 waits (task ids are per framework: another queue, send it)")
        try expectEqual(try manager.acknowledge(TaskKey(frameworkID: "fw-c", taskID: "t1"), uuid: "u1", now: 30_001), [],
                        "acknowledge(t1 of fw-c, uuid: u1) (u1 is fw-a's t1's: nothing changes)")
        try expectEqual(manager.pending, [u1, other], "pending: fw-a's t1 and fw-c's t1, each in its own queue")
    }
}
