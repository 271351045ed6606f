import Foundation

// How agents talk to the master (ours; Mesos uses libprocess messages):
// `POST /api/v1/agent` with JSON calls. SUBSCRIBE answers with a RecordIO
// stream of events (SUBSCRIBED, LAUNCH, KILL); HEARTBEAT and UPDATE are
// separate requests answered 202 (404: the master does not know the agent).

/// What an agent says about itself (`AgentInfo`).
public struct AgentInfo: Codable, Hashable, Sendable {
    public var hostname: String
    public var resources: [MesosResource]
    /// Its id, when it had one (re-registration after a reconnect or a master restart).
    public var id: MesosID?

    public init(hostname: String, resources: [MesosResource], id: MesosID? = nil) {
        self.hostname = hostname
        self.resources = resources
        self.id = id
    }
}

/// A task an agent runs, as it reports it when (re-)subscribing.
public struct AgentTask: Codable, Hashable, Sendable {
    public var frameworkId: MesosID
    public var task: TaskInfo
    public var state: String

    public init(frameworkID: String, task: TaskInfo, state: String) {
        frameworkId = MesosID(frameworkID)
        self.task = task
        self.state = state
    }
}

/// A call from an agent to the master.
public struct AgentCall: Codable, Sendable {
    public struct Subscribe: Codable, Sendable {
        public var agentInfo: AgentInfo
        public var tasks: [AgentTask]
    }

    public struct Update: Codable, Sendable {
        public var frameworkId: MesosID
        public var status: MesosTaskStatus
    }

    public var type: String
    public var agentId: MesosID?
    public var subscribe: Subscribe?
    public var update: Update?

    public static func subscribe(_ info: AgentInfo, tasks: [AgentTask]) -> AgentCall {
        AgentCall(type: "SUBSCRIBE", agentId: info.id, subscribe: Subscribe(agentInfo: info, tasks: tasks))
    }

    public static func heartbeat(_ agentID: String) -> AgentCall {
        AgentCall(type: "HEARTBEAT", agentId: MesosID(agentID))
    }

    public static func update(_ status: MesosTaskStatus, frameworkID: String, agentID: String) -> AgentCall {
        AgentCall(type: "UPDATE", agentId: MesosID(agentID), update: Update(frameworkId: MesosID(frameworkID), status: status))
    }
}

/// An event from the master to an agent.
public struct AgentEvent: Codable, Sendable {
    public struct Subscribed: Codable, Sendable {
        public var agentId: MesosID
        public var heartbeatIntervalSeconds: Double
    }

    public struct Launch: Codable, Sendable {
        public var frameworkId: MesosID
        public var task: TaskInfo
    }

    public struct Kill: Codable, Sendable {
        public var frameworkId: MesosID
        public var taskId: MesosID
    }

    public var type: String
    public var subscribed: Subscribed?
    public var launch: Launch?
    public var kill: Kill?

    public static func subscribed(_ agentID: String, heartbeatSeconds: Double) -> AgentEvent {
        AgentEvent(type: "SUBSCRIBED", subscribed: Subscribed(agentId: MesosID(agentID), heartbeatIntervalSeconds: heartbeatSeconds))
    }

    public static func launch(_ task: TaskInfo, frameworkID: String) -> AgentEvent {
        AgentEvent(type: "LAUNCH", launch: Launch(frameworkId: MesosID(frameworkID), task: task))
    }

    public static func kill(_ taskID: String, frameworkID: String) -> AgentEvent {
        AgentEvent(type: "KILL", kill: Kill(frameworkId: MesosID(frameworkID), taskId: MesosID(taskID)))
    }
}
