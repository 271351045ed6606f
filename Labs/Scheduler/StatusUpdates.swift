import Contracts

/// Step 4: status updates delivered at least once, in order, per task.
struct StatusUpdates: StatusUpdateManager {
    let retryIntervalMs: Int64
    /// Each task's unacknowledged updates, the head first.
    private var queues: [TaskKey: [TaskStatus]] = [:]
    /// Tasks in the order their first update came (so `pending` is stable).
    private var order: [TaskKey] = []
    /// When each task's head was last sent.
    private var sentAt: [TaskKey: Int64] = [:]

    init(retryIntervalMs: Int64) {
        self.retryIntervalMs = retryIntervalMs
    }

    /// Every queued update, task by task in `order`, each task's in order.
    var pending: [TaskStatus] { order.flatMap { queues[$0] ?? [] } }

    /// Queue it under status.key; if it is its task's only update, it is sent now (return it).
    mutating func update(_ status: TaskStatus, now: Int64) throws -> [TaskStatus] {
        throw NotImplemented(step: 4)
    }

    /// If `uuid` is the task's head: drop it, and send (return) the next one.
    mutating func acknowledge(_ task: TaskKey, uuid: String, now: Int64) throws -> [TaskStatus] {
        throw NotImplemented(step: 4)
    }

    /// The heads last sent retryIntervalMs or more before `now`, sent again now.
    mutating func due(now: Int64) throws -> [TaskStatus] {
        throw NotImplemented(step: 4)
    }

    /// Drop the queues of the framework's tasks.
    mutating func forget(frameworkID: String) throws {
        throw NotImplemented(step: 4)
    }
}
