import Contracts
import Foundation
import NIOCore

/// How an agent runs.
public struct AgentConfiguration: Sendable {
    /// The master to register with.
    public var master: HTTPEndpoint
    /// What the agent offers (`--resources`).
    public var resources: Resources
    /// Where tasks' sandboxes go: `<workDirectory>/frameworks/<framework>/tasks/<task>`.
    public var workDirectory: URL
    /// The hostname it reports (frameworks see it in offers).
    public var hostname = "127.0.0.1"
    /// How long a killed task has between SIGTERM and SIGKILL.
    public var killGrace: Duration = .seconds(3)

    public init(master: HTTPEndpoint, resources: Resources, workDirectory: URL) {
        self.master = master
        self.resources = resources
        self.workDirectory = workDirectory
    }
}

/// A Mesos-style agent: registers with the master, keeps sending
/// heartbeats, launches and kills tasks as told, and reports each task's
/// states — retrying each report, in order, until the master took it.
public actor Agent {
    /// A task the agent runs.
    struct RunningTask {
        let frameworkID: String
        let info: TaskInfo
        var process: Process?
        var state: TaskState
        var killRequested = false
    }

    public let configuration: AgentConfiguration
    /// The lab's resource arithmetic checks each launch against what is free here.
    let lab: any SchedulerLab
    private(set) var agentID: String?
    private var heartbeatInterval: Duration = .seconds(1)
    private var running: [TaskKey: RunningTask] = [:]
    /// Status updates the master has not taken yet, oldest first.
    private var outbox: [AgentCall] = []
    private let wakeups: AsyncStream<Void>.Continuation
    private let wakeupStream: AsyncStream<Void>
    /// Said once when the agent (re)registers.
    private var onRegistered: (@Sendable (String) -> Void)?

    public init(configuration: AgentConfiguration, lab: any SchedulerLab) {
        self.configuration = configuration
        self.lab = lab
        (wakeupStream, wakeups) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Runs until cancelled: the subscription (reconnecting with backoff),
    /// heartbeats and the update sender. Every task is killed when it ends.
    public func run(onRegistered: @escaping @Sendable (String) -> Void) async {
        self.onRegistered = onRegistered
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.subscribeLoop() }
            group.addTask { await self.heartbeatLoop() }
            group.addTask { await self.sendUpdates() }
            await group.next()
            group.cancelAll()
        }
        await killAll()
    }

    /// Stops every task (the agent is stopping): SIGTERM, then SIGKILL after two seconds.
    public func killAll() async {
        await Launcher.stopAll(running.values.compactMap(\.process), grace: .seconds(2))
    }

    // MARK: Subscription

    private func subscribeLoop() async {
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            let call = AgentCall.subscribe(
                AgentInfo(hostname: configuration.hostname, resources: configuration.resources.mesos, id: agentID.map(MesosID.init)),
                tasks: running.values.map { AgentTask(frameworkID: $0.frameworkID, task: $0.info, state: $0.state.rawValue) })
            var decoder = RecordIODecoder()
            do {
                try await HTTPClient.exchange(configuration.master, method: .POST, "/api/v1/agent", body: MesosJSON.encode(call), headers: []) { head in
                    guard head.status == .ok else { throw CallRejected(Int(head.status.code), "the master refused the subscription") }
                } onBody: { buffer in
                    for record in try decoder.feed(buffer.readableBytesView) {
                        await self.handle(try MesosJSON.decode(AgentEvent.self, from: record))
                        backoff = .milliseconds(100)
                    }
                }
            } catch {}
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    private func handle(_ event: AgentEvent) {
        switch event.type {
        case "SUBSCRIBED":
            guard let subscribed = event.subscribed else { return }
            agentID = subscribed.agentId.value
            heartbeatInterval = .milliseconds(max(Int64(subscribed.heartbeatIntervalSeconds * 1000), 10))
            onRegistered?(subscribed.agentId.value)
            wakeups.yield()
        case "LAUNCH":
            guard let launch = event.launch else { return }
            launchTask(launch.task, frameworkID: launch.frameworkId.value)
        case "KILL":
            guard let kill = event.kill else { return }
            let key = TaskKey(frameworkID: kill.frameworkId.value, taskID: kill.taskId.value)
            guard var task = running[key] else { return }
            task.killRequested = true
            running[key] = task
            if let process = task.process { Launcher.kill(process, grace: configuration.killGrace) }
        default:
            break
        }
    }

    // MARK: Tasks

    private func launchTask(_ info: TaskInfo, frameworkID: String) {
        let taskID = info.taskId.value
        let key = TaskKey(frameworkID: frameworkID, taskID: taskID)
        guard running[key] == nil, let command = info.command else { return }
        let sandbox = configuration.workDirectory.appendingPathComponent("frameworks").appendingPathComponent(frameworkID)
            .appendingPathComponent("tasks").appendingPathComponent(taskID)
        let environment = ["MESOS_TASK_ID": taskID, "MESOS_FRAMEWORK_ID": frameworkID, "MESOS_AGENT_ID": agentID ?? "",
                           "MESOS_SANDBOX": sandbox.path]
        running[key] = RunningTask(frameworkID: frameworkID, info: info, process: nil, state: .staging)
        do {
            var free: Resources? = configuration.resources
            for (otherKey, other) in running where otherKey != key {
                free = try free.flatMap { try lab.subtracting(other.info.requested, from: $0) }
            }
            guard let free, try lab.contains(free, info.requested) else {
                report(key, .failed, message: "The agent does not have \(info.requested) free for the task")
                running[key] = nil
                return
            }
            let process = try Launcher.launch(command, sandbox: sandbox, environment: environment) { exit in
                Task { await self.exited(key, exit) }
            }
            running[key]?.process = process
            report(key, .running, message: "Command started as pid \(process.processIdentifier)")
        } catch {
            report(key, .failed, message: "Could not launch the command: \(error)")
            running[key] = nil
        }
    }

    private func exited(_ key: TaskKey, _ exit: Launcher.Exit) {
        guard let task = running[key] else { return }
        let state: TaskState = task.killRequested ? .killed : (exit.succeeded ? .finished : .failed)
        report(key, state, message: exit.description)
        running[key] = nil
    }

    /// Queues a status update for the master.
    private func report(_ key: TaskKey, _ state: TaskState, message: String) {
        guard var task = running[key] else { return }
        task.state = state
        running[key] = task
        let status = TaskStatus(taskID: key.taskID, frameworkID: task.frameworkID, agentID: agentID ?? "", state: state,
                                message: message, uuid: Master.newUUID(), timestamp: Master.now())
        var wire = MesosTaskStatus(status, source: "SOURCE_EXECUTOR")
        wire.agentId = agentID.map(MesosID.init)
        outbox.append(AgentCall.update(wire, frameworkID: task.frameworkID, agentID: agentID ?? ""))
        wakeups.yield()
    }

    // MARK: Heartbeats and updates

    private func heartbeatLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: heartbeatInterval)
            guard let agentID else { continue }
            if let reply = try? await HTTPClient.post(configuration.master, "/api/v1/agent", json: MesosJSON.encode(AgentCall.heartbeat(agentID)),
                                                      timeout: .seconds(5)),
               reply.status == 404 {
                forget(agentID)
            }
        }
    }

    /// The master no longer knows this agent (it was removed): register anew.
    private func forget(_ id: String) {
        if agentID == id { agentID = nil }
    }

    /// Sends queued updates in order; each is retried until the master answers 2xx.
    private func sendUpdates() async {
        for await _ in wakeupStream {
            var backoff = Duration.milliseconds(50)
            while let next = outbox.first, !Task.isCancelled {
                guard let agentID else { break }
                var call = next
                call.agentId = MesosID(agentID)
                call.update?.status.agentId = MesosID(agentID)
                let reply = try? await HTTPClient.post(configuration.master, "/api/v1/agent", json: MesosJSON.encode(call), timeout: .seconds(5))
                if let reply, (200..<300).contains(reply.status) {
                    outbox.removeFirst()
                    backoff = .milliseconds(50)
                } else {
                    try? await Task.sleep(for: backoff)
                    backoff = min(backoff * 2, .seconds(1))
                }
            }
        }
    }
}
