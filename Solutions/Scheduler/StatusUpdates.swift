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

    var pending: [TaskStatus] { order.flatMap { queues[$0] ?? [] } }

    mutating func update(_ status: TaskStatus, now: Int64) throws -> [TaskStatus] {
        let task = status.key
        if queues[task] == nil { order.append(task) }
        queues[task, default: []].append(status)
        guard queues[task]!.count == 1 else { return [] }
        sentAt[task] = now
        return [status]
    }

    mutating func acknowledge(_ task: TaskKey, uuid: String, now: Int64) throws -> [TaskStatus] {
        guard var queue = queues[task], queue.first?.uuid == uuid else { return [] }
        queue.removeFirst()
        guard let next = queue.first else {
            queues[task] = nil
            sentAt[task] = nil
            order.removeAll { $0 == task }
            return []
        }
        queues[task] = queue
        sentAt[task] = now
        return [next]
    }

    mutating func due(now: Int64) throws -> [TaskStatus] {
        var resend: [TaskStatus] = []
        for task in order {
            guard let head = queues[task]?.first, let sent = sentAt[task], now - sent >= retryIntervalMs else { continue }
            sentAt[task] = now
            resend.append(head)
        }
        return resend
    }

    mutating func forget(frameworkID: String) throws {
        for task in queues.keys where task.frameworkID == frameworkID {
            queues[task] = nil
            sentAt[task] = nil
        }
        order.removeAll { queues[$0] == nil }
    }
}
