import Contracts

/// Step 4: status updates delivered at least once, in order, per task.
struct StatusUpdates: StatusUpdateManager {
    let retryIntervalMs: Int64
    /// Each task's unacknowledged updates, the head first.
    private var queues: [String: [TaskStatus]] = [:]
    /// Tasks in the order their first update came (so `pending` is stable).
    private var order: [String] = []
    /// When each task's head was last sent.
    private var sentAt: [String: Int64] = [:]

    init(retryIntervalMs: Int64) {
        self.retryIntervalMs = retryIntervalMs
    }

    var pending: [TaskStatus] { order.flatMap { queues[$0] ?? [] } }

    mutating func update(_ status: TaskStatus, now: Int64) throws -> [TaskStatus] {
        if queues[status.taskID] == nil { order.append(status.taskID) }
        queues[status.taskID, default: []].append(status)
        guard queues[status.taskID]!.count == 1 else { return [] }
        sentAt[status.taskID] = now
        return [status]
    }

    mutating func acknowledge(taskID: String, uuid: String, now: Int64) throws -> [TaskStatus] {
        guard var queue = queues[taskID], queue.first?.uuid == uuid else { return [] }
        queue.removeFirst()
        guard let next = queue.first else {
            queues[taskID] = nil
            sentAt[taskID] = nil
            order.removeAll { $0 == taskID }
            return []
        }
        queues[taskID] = queue
        sentAt[taskID] = now
        return [next]
    }

    mutating func due(now: Int64) throws -> [TaskStatus] {
        var resend: [TaskStatus] = []
        for taskID in order {
            guard let head = queues[taskID]?.first, let sent = sentAt[taskID], now - sent >= retryIntervalMs else { continue }
            sentAt[taskID] = now
            resend.append(head)
        }
        return resend
    }

    mutating func forget(frameworkID: String) throws {
        for (taskID, queue) in queues where queue.first?.frameworkID == frameworkID {
            queues[taskID] = nil
            sentAt[taskID] = nil
        }
        order.removeAll { queues[$0] == nil }
    }
}
