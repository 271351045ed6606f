import Contracts
import Foundation

/// A Marathon-like framework: keeps `instances` tasks of every app running.
/// It launches on offers that fit, relaunches tasks that end (FAILED after a
/// growing delay; LOST, KILLED or FINISHED at once), and reconciles with the
/// master whenever it (re-)subscribes. It talks to the master only through
/// the v1 scheduler API, so it would run unchanged against a real Mesos.
public actor Marathon: MesosScheduler {
    /// One of Marathon's tasks, as it last heard of it.
    public struct TaskRecord: Codable, Sendable {
        public var id: String
        public var appId: String
        public var state: String
        public var slaveId: String
        public var host: String
        public var ports: [Int64]
        public var message: String?
    }

    private var apps: [String: AppDefinition] = [:]
    private var tasks: [String: TaskRecord] = [:]
    /// Launches of an app wait until then after a failure (ms since the epoch).
    private var delayedUntil: [String: Int64] = [:]
    private var failureDelayMs: [String: Int64] = [:]
    /// Tasks launched and relaunched, by app (for tests and the demo's status).
    public private(set) var launches: [String: Int] = [:]

    public init(apps: [AppDefinition]) {
        for app in apps { self.apps[app.id] = app }
    }

    /// The apps and their tasks (`GET /v2/apps`, `GET /v2/tasks`).
    public var appList: [AppDefinition] { apps.values.sorted { $0.id < $1.id } }
    public var taskList: [TaskRecord] { tasks.values.sorted { $0.id < $1.id } }

    /// Adds or replaces an app (`POST /v2/apps`, `PUT /v2/apps/{id}`); extra tasks are killed.
    public func put(_ app: AppDefinition, driver: SchedulerDriver) async {
        apps[app.id] = app
        await scaleDown(app.id, to: app.instances, driver: driver)
        await revive(driver)
    }

    /// Removes an app and kills its tasks (`DELETE /v2/apps/{id}`).
    public func remove(_ appID: String, driver: SchedulerDriver) async -> Bool {
        guard apps.removeValue(forKey: appID) != nil else { return false }
        await scaleDown(appID, to: 0, driver: driver)
        return true
    }

    public func received(_ event: SchedulerEvent, from driver: SchedulerDriver) async {
        switch event.type {
        case "SUBSCRIBED":
            // Whatever happened while we were away: ask about our tasks (explicit) and everything running (implicit).
            guard let frameworkID = await driver.frameworkID else { return }
            try? await driver.send(.reconcile(Array(tasks.keys), frameworkID: frameworkID))
            try? await driver.send(.reconcile([], frameworkID: frameworkID))
        case "OFFERS":
            for offer in event.offers?.offers ?? [] { await use(offer, driver: driver) }
        case "UPDATE":
            guard let status = event.update?.status else { return }
            await update(status, driver: driver)
        default:
            break
        }
    }

    private func update(_ status: MesosTaskStatus, driver: SchedulerDriver) async {
        let taskID = status.taskId.value
        guard let state = TaskState(rawValue: status.state) else { return }
        guard var task = tasks[taskID] else {
            // A task we do not know (from before a restart of ours): keep it if it runs one of our apps' copies, else kill it.
            if !state.isTerminal, let frameworkID = await driver.frameworkID {
                try? await driver.send(.kill(taskID, frameworkID: frameworkID))
            }
            return
        }
        task.state = state.rawValue
        task.message = status.message
        if !state.isTerminal {
            tasks[taskID] = task
            if state == .running { failureDelayMs[task.appId] = nil }
            return
        }
        tasks[taskID] = nil
        if state == .failed || state == .error {
            let delay = min((failureDelayMs[task.appId] ?? 500) * 2, 30_000)
            failureDelayMs[task.appId] = delay
            delayedUntil[task.appId] = Master.now() + delay
        }
        FileHandle.standardError.write(Data("marathon: task \(taskID) of \(task.appId) is \(state): \(status.message ?? "")\n".utf8))
        await revive(driver)
    }

    /// Launches what fits on `offer` for the apps short of instances; declines the rest.
    private func use(_ offer: MesosOffer, driver: SchedulerDriver) async {
        guard let frameworkID = await driver.frameworkID else { return }
        var left = Resources(mesos: offer.resources)
        var launching: [TaskInfo] = []
        let now = Master.now()
        // A port some app needs exactly is never handed out as "any port".
        let reserved = Set(apps.values.flatMap { $0.ports ?? [] }.filter { $0 > 0 }.map(Int64.init))
        for app in appList where (delayedUntil[app.id] ?? 0) <= now {
            var missing = app.instances - tasks.values.filter { $0.appId == app.id }.count
            while missing > 0, let (task, rest) = Marathon.task(for: app, on: offer, from: left, reserved: reserved) {
                left = rest
                launching.append(task)
                let ports = (task.resources ?? []).flatMap { $0.ranges?.range.map(\.begin) ?? [] }
                tasks[task.taskId.value] = TaskRecord(id: task.taskId.value, appId: app.id, state: TaskState.staging.rawValue,
                                                      slaveId: offer.agentId.value, host: offer.hostname, ports: ports)
                launches[app.id, default: 0] += 1
                missing -= 1
            }
        }
        if launching.isEmpty {
            // An app waiting out its relaunch delay wants offers again as soon as the delay ends, not 5 s later.
            let waiting = appList.filter { app in
                (delayedUntil[app.id] ?? 0) > now && tasks.values.filter { $0.appId == app.id }.count < app.instances
            }.compactMap { delayedUntil[$0.id] }.min()
            let refuse = waiting.map { max(Double($0 - now) / 1000, 0.1) } ?? 5
            try? await driver.send(.decline([offer.id.value], refuseSeconds: min(refuse, 5), frameworkID: frameworkID))
            return
        }
        do {
            try await driver.send(.launch(launching, offerIDs: [offer.id.value], frameworkID: frameworkID))
        } catch {
            for task in launching { tasks[task.taskId.value] = nil }  // the next offer tries again
        }
    }

    /// A task of `app` from what is `left` of an offer, and what is left after it; nil if it does not fit.
    static func task(for app: AppDefinition, on offer: MesosOffer, from left: Resources, reserved: Set<Int64> = []) -> (TaskInfo, Resources)? {
        var rest = left
        for (name, value) in app.scalars.scalars {
            guard Resources.round(rest[scalar: name]) >= Resources.round(value) else { return nil }
            rest.scalars[name] = Resources.round(rest[scalar: name] - value)
        }
        var ports: [Int64] = []
        var free = (rest.ranges["ports"] ?? []).flatMap { $0.begin...$0.end }
        for wanted in app.ports ?? [] {
            if wanted > 0 {
                guard let index = free.firstIndex(of: Int64(wanted)) else { return nil }
                ports.append(free.remove(at: index))
            } else {
                guard let index = free.firstIndex(where: { !reserved.contains($0) }) else { return nil }
                ports.append(free.remove(at: index))
            }
        }
        rest.ranges["ports"] = free.map { ValueRange($0, $0) }
        var resources = app.scalars
        if !ports.isEmpty { resources.ranges["ports"] = ports.map { ValueRange($0, $0) } }
        var environment = app.env ?? [:]
        environment["MARATHON_APP_ID"] = app.id
        environment["HOST"] = offer.hostname
        for (index, port) in ports.enumerated() { environment["PORT\(index)"] = String(port) }
        if let first = ports.first {
            environment["PORT"] = String(first)
            environment["PORTS"] = ports.map(String.init).joined(separator: ",")
        }
        let taskID = "\(app.taskPrefix).\(UUID().uuidString.lowercased())"
        let task = TaskInfo(name: app.taskPrefix, taskID: taskID, agentID: offer.agentId.value, resources: resources,
                            command: CommandInfo(value: app.cmd, environment: environment))
        return (task, rest.normalizingScalars())
    }

    private func scaleDown(_ appID: String, to instances: Int, driver: SchedulerDriver) async {
        guard let frameworkID = await driver.frameworkID else { return }
        let mine = tasks.values.filter { $0.appId == appID }.sorted { $0.id < $1.id }
        for task in mine.dropFirst(max(instances, 0)) { try? await driver.send(.kill(task.id, frameworkID: frameworkID)) }
    }

    private func revive(_ driver: SchedulerDriver) async {
        guard let frameworkID = await driver.frameworkID else { return }
        try? await driver.send(SchedulerCall(type: "REVIVE", frameworkID: frameworkID))
    }
}
