/// A task's state, with Mesos' names (`TaskState` in mesos.proto).
public enum TaskState: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Accepted by the master, on its way to the agent.
    case staging = "TASK_STAGING"
    /// The agent is starting it.
    case starting = "TASK_STARTING"
    /// Its process runs.
    case running = "TASK_RUNNING"
    /// A kill was asked for and is under way.
    case killing = "TASK_KILLING"
    /// Exited with status 0.
    case finished = "TASK_FINISHED"
    /// Exited with another status, or could not start.
    case failed = "TASK_FAILED"
    /// Killed on request.
    case killed = "TASK_KILLED"
    /// Its agent is gone (or the master does not know it): it may still run somewhere, but count it lost.
    case lost = "TASK_LOST"
    /// The task description was invalid; it never ran.
    case error = "TASK_ERROR"

    /// True for the states a task never leaves.
    public var isTerminal: Bool {
        switch self {
        case .finished, .failed, .killed, .lost, .error: true
        case .staging, .starting, .running, .killing: false
        }
    }

    public var description: String { rawValue }
}

/// A task's identity: Mesos task ids are unique within their framework, so
/// two frameworks may both have a task "t1".
public struct TaskKey: Hashable, Sendable, CustomStringConvertible {
    public var frameworkID: String
    public var taskID: String

    public init(frameworkID: String, taskID: String) {
        self.frameworkID = frameworkID
        self.taskID = taskID
    }

    public var description: String { "\(taskID) of \(frameworkID)" }
}

/// A status update: a task's new state, as the agent (or the master) reports it.
public struct TaskStatus: Hashable, Sendable, Codable, CustomStringConvertible {
    public var taskID: String
    public var frameworkID: String
    public var agentID: String
    public var state: TaskState
    /// Why (free text: the exit status, "agent removed", …).
    public var message: String
    /// Identifies this update for its acknowledgement; nil for updates that
    /// need none (reconciliation answers).
    public var uuid: String?
    /// When it happened (ms since the epoch).
    public var timestamp: Int64

    public init(taskID: String, frameworkID: String, agentID: String, state: TaskState,
                message: String = "", uuid: String? = nil, timestamp: Int64) {
        self.taskID = taskID
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.state = state
        self.message = message
        self.uuid = uuid
        self.timestamp = timestamp
    }

    /// The task it is about.
    public var key: TaskKey { TaskKey(frameworkID: frameworkID, taskID: taskID) }

    /// Every field a check compares, so two statuses that differ read differently.
    public var description: String {
        "\(taskID) of \(frameworkID) \(state)" + (agentID.isEmpty ? "" : " on \(agentID)") + (message.isEmpty ? "" : " (\(message))")
            + (uuid.map { " uuid \($0)" } ?? "") + " at \(timestamp)"
    }
}

/// The reliable delivery of status updates to frameworks (step 4): Mesos'
/// status update manager. Updates are kept in a queue per task; only the
/// head of each queue is out at a time, and it is sent again every retry
/// interval until the framework acknowledges its uuid; then the next goes
/// out. So a framework sees every update of a task, in order, at least once.
public protocol StatusUpdateManager: Sendable {
    /// Queues `status` (which carries a uuid) for its task (`status.key`). Returns what to send
    /// now: the update itself if its task had nothing unacknowledged, else nothing.
    mutating func update(_ status: TaskStatus, now: Int64) throws -> [TaskStatus]
    /// The framework acknowledged `uuid` for `task`. If that is the task's
    /// head, it is dropped and the next one (if any) returned, to be sent now;
    /// otherwise (a duplicate or stale acknowledgement) nothing changes.
    mutating func acknowledge(_ task: TaskKey, uuid: String, now: Int64) throws -> [TaskStatus]
    /// The heads sent at least a retry interval ago and still unacknowledged:
    /// to send again now (each one's retry clock restarts at `now`).
    mutating func due(now: Int64) throws -> [TaskStatus]
    /// Every unacknowledged update, each task's in order.
    var pending: [TaskStatus] { get }
    /// Drops every update of `frameworkID` (it was torn down).
    mutating func forget(frameworkID: String) throws
}
