import Contracts
import Foundation
import NIOCore

/// The Mesos-style master: frameworks subscribe and send calls, agents
/// subscribe and report, and the master keeps the books — offers, tasks,
/// status updates — through the scheduler lab (`SchedulerLab`), writing what
/// it must remember to its registry.
///
public actor Master {
    let configuration: MasterConfiguration
    let lab: any SchedulerLab
    let registry: Registry
    /// This run's id: offer ids start with it, so they never repeat across restarts.
    let runID: String
    var hostname = "127.0.0.1"
    var port = 0

    var offerBook: any OfferBook
    var statusUpdates: any StatusUpdateManager
    var monitor: any AgentMonitor
    var frameworks: [String: FrameworkState] = [:]
    var agents: [String: AgentState] = [:]
    var tasks: [TaskKey: TaskEntry] = [:]
    /// Agents from the registry that have not re-registered since this master started.
    var recovering: [String: AgentInfo] = [:]
    let startedAt: Int64
    var lastAllocation: Int64 = 0
    var lastFrameworkHeartbeat: Int64 = 0
    var frameworksMade = 0
    /// Frameworks torn down: they may not subscribe again under their id (as Mesos).
    var removedFrameworks: Set<String> = []
    var agentsMade = 0
    /// Lab failures already reported (each is printed once).
    var reportedProblems: Set<String> = []

    /// A master over `lab`, recovering what its registry remembers.
    public init(configuration: MasterConfiguration, lab: any SchedulerLab) throws {
        self.configuration = configuration
        self.lab = lab
        registry = try Registry(directory: configuration.dataDirectory)
        runID = String(UUID().uuidString.prefix(8)).lowercased()
        startedAt = Master.now()
        offerBook = try lab.makeOfferBook(OfferBookConfiguration(offerTimeoutMs: configuration.offerTimeoutMs, idPrefix: runID))
        statusUpdates = try lab.makeStatusUpdateManager(retryIntervalMs: configuration.statusUpdateRetryMs)
        monitor = try lab.makeAgentMonitor(AgentHealthConfiguration(heartbeatIntervalMs: configuration.agentHeartbeatMs,
                                                                    maxMissedHeartbeats: configuration.maxMissedHeartbeats))
        // Frameworks count as disconnected from the restart on; each has at
        // least the agents' re-register timeout to come back (see `tick`).
        for record in try registry.frameworks() {
            frameworks[record.id] = FrameworkState(id: record.id, info: record.info, disconnectedAt: startedAt)
        }
        for record in try registry.agents() { recovering[record.id] = record.info }
        for record in try registry.tasks() {
            guard let status = record.status.status(frameworkID: record.frameworkID) else { continue }
            tasks[status.key] = TaskEntry(frameworkID: record.frameworkID, info: record.info,
                                                        resources: record.info.requested, status: status)
        }
    }

    /// Milliseconds since the epoch.
    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The address clients reach the master at (set once the server listens).
    func listening(host: String, port: Int) {
        hostname = host
        self.port = port
    }

    var masterInfo: SchedulerEvent.MasterInfo {
        SchedulerEvent.MasterInfo(id: runID, hostname: hostname, port: port, version: mesosAPIVersion)
    }

    /// Runs `body` on the lab; a failure (a step not written yet, or a bug) is
    /// printed once and answered nil, and the master keeps serving.
    func labCall<T>(_ what: String, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch {
            let problem = "box scheduler master: \(what) failed: \(error)"
            if reportedProblems.insert(problem).inserted {
                FileHandle.standardError.write(Data((problem + "\n").utf8))
            }
            return nil
        }
    }

    // MARK: Frameworks

    /// SUBSCRIBE: registers (or re-registers) a framework and opens its event stream.
    func subscribe(_ call: SchedulerCall) throws -> (frameworkID: String, streamID: String, events: AsyncStream<ByteBuffer>) {
        guard let subscribe = call.subscribe else { throw CallRejected(400, "SUBSCRIBE needs a subscribe object with framework_info") }
        var info = subscribe.frameworkInfo
        let id: String
        if let given = call.frameworkId?.value ?? info.id?.value {
            guard !removedFrameworks.contains(given) else {
                throw CallRejected(403, "Framework \(given) has been removed (torn down): subscribe without an id")
            }
            id = given
        } else {
            frameworksMade += 1
            id = "\(runID)-\(String(format: "%04d", frameworksMade))"
        }
        info.id = MesosID(id)
        if let old = frameworks[id], old.isConnected {
            old.send(.error("Framework failed over"))
            old.stream?.finish()
        }
        let (events, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .unbounded)
        let streamID = UUID().uuidString.lowercased()
        var framework = frameworks[id] ?? FrameworkState(id: id, info: info)
        framework.info = info
        framework.stream = continuation
        framework.streamID = streamID
        framework.disconnectedAt = nil
        frameworks[id] = framework
        try? registry.saveFramework(id, info)
        framework.send(.subscribed(id, heartbeatSeconds: Double(configuration.frameworkHeartbeatMs) / 1000, master: masterInfo))
        return (id, streamID, events)
    }

    /// The framework's event stream ended (it disconnected).
    func streamClosed(frameworkID: String, streamID: String) {
        guard var framework = frameworks[frameworkID], framework.streamID == streamID else { return }
        framework.stream?.finish()
        framework.stream = nil
        framework.streamID = nil
        framework.disconnectedAt = Master.now()
        frameworks[frameworkID] = framework
        _ = labCall("rescinding offers") { try offerBook.rescind(frameworkID: frameworkID) }
    }

    /// Any call other than SUBSCRIBE, on behalf of a subscribed framework.
    func handle(_ call: SchedulerCall, streamID: String?) throws {
        guard let frameworkID = call.frameworkId?.value else { throw CallRejected(400, "the call has no framework_id") }
        guard let framework = frameworks[frameworkID], framework.isConnected else {
            throw CallRejected(403, "Framework '\(frameworkID)' is not subscribed")
        }
        guard let streamID, streamID == framework.streamID else {
            throw CallRejected(400, "The stream ID included in this request didn't match the stream ID currently associated with framework ID \(frameworkID)")
        }
        let now = Master.now()
        switch call.type {
        case "ACCEPT":
            guard let offers = call.accept else { throw CallRejected(400, "ACCEPT needs an accept object") }
            accept(offers, frameworkID: frameworkID, now: now)
        case "DECLINE":
            guard let decline = call.decline else { throw CallRejected(400, "DECLINE needs a decline object") }
            _ = labCall("declining offers") {
                try offerBook.decline(decline.offerIds.map(\.value), by: frameworkID,
                                      refuseSeconds: decline.filters?.refuseSeconds ?? 5, now: now)
            }
        case "KILL":
            guard let kill = call.kill else { throw CallRejected(400, "KILL needs a kill object with task_id") }
            killTask(kill.taskId.value, frameworkID: frameworkID, now: now)
        case "ACKNOWLEDGE":
            guard let ack = call.acknowledge else { throw CallRejected(400, "ACKNOWLEDGE needs an acknowledge object") }
            let next = labCall("acknowledging a status update") {
                try statusUpdates.acknowledge(TaskKey(frameworkID: frameworkID, taskID: ack.taskId.value), uuid: ack.uuid, now: now)
            } ?? []
            for status in next { deliver(status) }
        case "RECONCILE":
            let references = (call.reconcile?.tasks ?? []).map { TaskReference(taskID: $0.taskId.value, agentID: $0.agentId?.value) }
            let context = ReconciliationContext(frameworkID: frameworkID, tasks: tasks.values.map(\.status),
                                                registeredAgents: Set(agents.keys), recoveringAgents: Set(recovering.keys))
            for status in labCall("reconciling", { try lab.reconcile(references, context, now: now) }) ?? [] {
                framework.send(.update(MesosTaskStatus(status, source: "SOURCE_MASTER", reason: "REASON_RECONCILIATION")))
            }
        case "TEARDOWN":
            teardown(frameworkID)
        case "REVIVE":
            frameworks[frameworkID]?.suppressed = false
            _ = labCall("reviving offers") { try offerBook.revive(frameworkID: frameworkID) }
        case "SUPPRESS":
            frameworks[frameworkID]?.suppressed = true
        case "MESSAGE", "REQUEST", "SUBSCRIBE":
            break
        default:
            throw CallRejected(400, "Unsupported call type '\(call.type)'")
        }
    }

    /// ACCEPT: the offers come out of the book; each LAUNCH's tasks are
    /// checked against what is left of them and sent to the agent. Whatever a
    /// task cannot have is answered with a status update, not an HTTP error
    /// (as Mesos does).
    private func accept(_ accept: SchedulerCall.Accept, frameworkID: String, now: Int64) {
        let launches = accept.operations.compactMap(\.launch).flatMap(\.taskInfos)
        let taken: [Offer]
        do {
            taken = try offerBook.accept(accept.offerIds.map(\.value), by: frameworkID, now: now)
        } catch let error as OfferError {
            for task in launches { report(task, frameworkID: frameworkID, .lost, "Task launched with invalid offers: \(error)", now: now) }
            return
        } catch {
            _ = labCall("accepting offers") { throw error }
            for task in launches { report(task, frameworkID: frameworkID, .lost, "The master could not accept the offers: \(error)", now: now) }
            return
        }
        guard let agentID = taken.first?.agentID else { return }
        var remaining = Resources.none
        for offer in taken { remaining = labCall("adding offered resources", { try lab.adding(remaining, offer.resources) }) ?? remaining }
        for task in launches {
            let requested = task.requested
            if task.agentId.value != agentID {
                report(task, frameworkID: frameworkID, .error, "the task names agent \(task.agentId.value) but the offers are on \(agentID)", now: now)
            } else if let existing = tasks[TaskKey(frameworkID: frameworkID, taskID: task.taskId.value)], !existing.status.state.isTerminal {
                report(task, frameworkID: frameworkID, .error, "a task with id \(task.taskId.value) is already running", now: now)
            } else if task.command?.value?.isEmpty ?? true {
                report(task, frameworkID: frameworkID, .error, "the task has no command value to run", now: now)
            } else if agents[agentID]?.stream == nil {
                report(task, frameworkID: frameworkID, .lost, "agent \(agentID) is not connected", now: now)
            } else if let rest = labCall("subtracting a task's resources", { try lab.subtracting(requested, from: remaining) }), let rest {
                remaining = rest
                let status = TaskStatus(taskID: task.taskId.value, frameworkID: frameworkID, agentID: agentID, state: .staging,
                                        uuid: nil, timestamp: now)
                tasks[status.key] = TaskEntry(frameworkID: frameworkID, info: task, resources: requested, status: status)
                try? registry.saveTask(frameworkID: frameworkID, task, status: MesosTaskStatus(status))
                agents[agentID]?.send(.launch(task, frameworkID: frameworkID))
            } else {
                report(task, frameworkID: frameworkID, .error, "the task asks for \(requested) but the offers have \(remaining) left", now: now)
            }
        }
        if let refuse = accept.filters?.refuseSeconds, refuse > 0, !remaining.isEmpty {
            // The unused part comes back to the pool; a filter keeps it from this framework for a while.
            _ = labCall("filtering the unused part") {
                let leftover = try offerBook.offer(remaining, on: agentID, to: frameworkID, now: now)
                return try offerBook.decline([leftover.id], by: frameworkID, refuseSeconds: refuse, now: now)
            }
        }
    }

    /// A task that never reached an agent ends in `state`; the framework hears so.
    private func report(_ task: TaskInfo, frameworkID: String, _ state: TaskState, _ message: String, now: Int64) {
        let status = TaskStatus(taskID: task.taskId.value, frameworkID: frameworkID, agentID: task.agentId.value, state: state,
                                message: message, uuid: Master.newUUID(), timestamp: now)
        if tasks[status.key]?.status.state.isTerminal ?? true {
            tasks[status.key] = TaskEntry(frameworkID: frameworkID, info: task, resources: task.requested, status: status)
            try? registry.saveTask(frameworkID: frameworkID, task, status: MesosTaskStatus(status))
        }
        send(status)
    }

    /// KILL: the agent is told to kill the task; a task the master does not
    /// know, or whose agent is gone, is answered TASK_LOST at once.
    private func killTask(_ taskID: String, frameworkID: String, now: Int64) {
        let key = TaskKey(frameworkID: frameworkID, taskID: taskID)
        guard var entry = tasks[key], let agent = agents[entry.agentID], agent.stream != nil else {
            let status = TaskStatus(taskID: taskID, frameworkID: frameworkID, agentID: tasks[key]?.agentID ?? "", state: .lost,
                                    message: "Attempted to kill an unknown task", uuid: nil, timestamp: now)
            frameworks[frameworkID]?.send(.update(MesosTaskStatus(status, source: "SOURCE_MASTER")))
            return
        }
        guard !entry.status.state.isTerminal else { return }
        if labCall("checking a task state change", { try lab.canTransition(from: entry.status.state, to: .killing) }) == true {
            entry.status.state = .killing
            tasks[key] = entry
        }
        agent.send(.kill(taskID, frameworkID: frameworkID))
    }

    /// TEARDOWN (or a failover timeout): the framework's tasks are killed and it is forgotten.
    func teardown(_ frameworkID: String) {
        guard let framework = frameworks.removeValue(forKey: frameworkID) else { return }
        removedFrameworks.insert(frameworkID)
        framework.stream?.finish()
        for (key, entry) in tasks where key.frameworkID == frameworkID {
            if !entry.status.state.isTerminal { agents[entry.agentID]?.send(.kill(key.taskID, frameworkID: frameworkID)) }
            tasks[key] = nil
        }
        _ = labCall("rescinding offers") { try offerBook.rescind(frameworkID: frameworkID) }
        _ = labCall("forgetting status updates") { try statusUpdates.forget(frameworkID: frameworkID) }
        try? registry.removeFramework(frameworkID)
    }

    // MARK: Status updates

    /// A new status: recorded, and delivered reliably through the lab's status update manager.
    func send(_ status: TaskStatus) {
        let now = Master.now()
        for due in labCall("queueing a status update", { try statusUpdates.update(status, now: now) }) ?? [] { deliver(due) }
    }

    /// Puts one update on its framework's stream (if connected; else it waits for a retry).
    func deliver(_ status: TaskStatus) {
        let source = status.message.hasPrefix("Agent") || status.state == .lost ? "SOURCE_MASTER" : "SOURCE_EXECUTOR"
        frameworks[status.frameworkID]?.send(.update(MesosTaskStatus(status, source: source)))
    }

    /// A status update's uuid: 16 random bytes, base64 (as Mesos' JSON writes bytes).
    static func newUUID() -> String {
        let uuid = UUID().uuid
        return withUnsafeBytes(of: uuid) { Data($0) }.base64EncodedString()
    }
}
