import Foundation

/// A call from a framework to the master: `POST /api/v1/scheduler` with
/// `{"type": T, "framework_id": {...}, "<t>": {...}}` (scheduler.proto's `Call`).
public struct SchedulerCall: Codable, Sendable {
    public struct Subscribe: Codable, Sendable {
        public var frameworkInfo: FrameworkInfo
    }

    /// One operation of an ACCEPT; only LAUNCH is served.
    public struct Operation: Codable, Sendable {
        public struct Launch: Codable, Sendable { public var taskInfos: [TaskInfo] }
        public var type: String
        public var launch: Launch?

        public static func launch(_ tasks: [TaskInfo]) -> Operation {
            Operation(type: "LAUNCH", launch: Launch(taskInfos: tasks))
        }
    }

    public struct Accept: Codable, Sendable {
        public var offerIds: [MesosID]
        public var operations: [Operation]
        public var filters: MesosFilters?
    }

    public struct Decline: Codable, Sendable {
        public var offerIds: [MesosID]
        public var filters: MesosFilters?
    }

    public struct Kill: Codable, Sendable {
        public var taskId: MesosID
        public var agentId: MesosID?
    }

    public struct Acknowledge: Codable, Sendable {
        public var agentId: MesosID?
        public var taskId: MesosID
        public var uuid: String
    }

    public struct Reconcile: Codable, Sendable {
        public struct Task: Codable, Sendable {
            public var taskId: MesosID
            public var agentId: MesosID?
        }
        public var tasks: [Task]?
    }

    public var type: String
    public var frameworkId: MesosID?
    public var subscribe: Subscribe?
    public var accept: Accept?
    public var decline: Decline?
    public var kill: Kill?
    public var acknowledge: Acknowledge?
    public var reconcile: Reconcile?

    public init(type: String, frameworkID: String?) {
        self.type = type
        frameworkId = frameworkID.map(MesosID.init)
    }

    public static func subscribe(_ info: FrameworkInfo) -> SchedulerCall {
        var call = SchedulerCall(type: "SUBSCRIBE", frameworkID: info.id?.value)
        call.subscribe = Subscribe(frameworkInfo: info)
        return call
    }

    public static func launch(_ tasks: [TaskInfo], offerIDs: [String], frameworkID: String) -> SchedulerCall {
        var call = SchedulerCall(type: "ACCEPT", frameworkID: frameworkID)
        call.accept = Accept(offerIds: offerIDs.map(MesosID.init), operations: [.launch(tasks)])
        return call
    }

    public static func decline(_ offerIDs: [String], refuseSeconds: Double, frameworkID: String) -> SchedulerCall {
        var call = SchedulerCall(type: "DECLINE", frameworkID: frameworkID)
        call.decline = Decline(offerIds: offerIDs.map(MesosID.init), filters: MesosFilters(refuseSeconds: refuseSeconds))
        return call
    }

    public static func acknowledge(_ status: MesosTaskStatus, frameworkID: String) -> SchedulerCall? {
        guard let uuid = status.uuid else { return nil }
        var call = SchedulerCall(type: "ACKNOWLEDGE", frameworkID: frameworkID)
        call.acknowledge = Acknowledge(agentId: status.agentId, taskId: status.taskId, uuid: uuid)
        return call
    }

    public static func kill(_ taskID: String, frameworkID: String) -> SchedulerCall {
        var call = SchedulerCall(type: "KILL", frameworkID: frameworkID)
        call.kill = Kill(taskId: MesosID(taskID))
        return call
    }

    public static func reconcile(_ taskIDs: [String], frameworkID: String) -> SchedulerCall {
        var call = SchedulerCall(type: "RECONCILE", frameworkID: frameworkID)
        call.reconcile = Reconcile(tasks: taskIDs.map { Reconcile.Task(taskId: MesosID($0)) })
        return call
    }
}

/// An event from the master to a framework, one RecordIO record each
/// (scheduler.proto's `Event`).
public struct SchedulerEvent: Codable, Sendable {
    public struct MasterInfo: Codable, Sendable {
        public var id: String
        public var hostname: String
        public var port: Int
        public var version: String

        public init(id: String, hostname: String, port: Int, version: String) {
            self.id = id
            self.hostname = hostname
            self.port = port
            self.version = version
        }
    }

    public struct Subscribed: Codable, Sendable {
        public var frameworkId: MesosID
        public var heartbeatIntervalSeconds: Double
        public var masterInfo: MasterInfo?
    }

    public struct Offers: Codable, Sendable { public var offers: [MesosOffer] }
    public struct Rescind: Codable, Sendable { public var offerId: MesosID }
    public struct Update: Codable, Sendable { public var status: MesosTaskStatus }
    public struct Failure: Codable, Sendable { public var agentId: MesosID }
    public struct Message: Codable, Sendable { public var message: String }

    public var type: String
    public var subscribed: Subscribed?
    public var offers: Offers?
    public var rescind: Rescind?
    public var update: Update?
    public var failure: Failure?
    public var error: Message?

    public init(type: String) { self.type = type }

    public static let heartbeat = SchedulerEvent(type: "HEARTBEAT")

    public static func subscribed(_ frameworkID: String, heartbeatSeconds: Double, master: MasterInfo) -> SchedulerEvent {
        var event = SchedulerEvent(type: "SUBSCRIBED")
        event.subscribed = Subscribed(frameworkId: MesosID(frameworkID), heartbeatIntervalSeconds: heartbeatSeconds, masterInfo: master)
        return event
    }

    public static func offers(_ offers: [MesosOffer]) -> SchedulerEvent {
        var event = SchedulerEvent(type: "OFFERS")
        event.offers = Offers(offers: offers)
        return event
    }

    public static func rescind(_ offerID: String) -> SchedulerEvent {
        var event = SchedulerEvent(type: "RESCIND")
        event.rescind = Rescind(offerId: MesosID(offerID))
        return event
    }

    public static func update(_ status: MesosTaskStatus) -> SchedulerEvent {
        var event = SchedulerEvent(type: "UPDATE")
        event.update = Update(status: status)
        return event
    }

    public static func failure(agentID: String) -> SchedulerEvent {
        var event = SchedulerEvent(type: "FAILURE")
        event.failure = Failure(agentId: MesosID(agentID))
        return event
    }

    public static func error(_ message: String) -> SchedulerEvent {
        var event = SchedulerEvent(type: "ERROR")
        event.error = Message(message: message)
        return event
    }
}
