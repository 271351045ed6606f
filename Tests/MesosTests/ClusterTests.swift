import Contracts
import Foundation
import Hummingbird
import Mesos
import NIOConcurrencyHelpers
import SchedulerSolution
import Testing

/// A master, agents and frameworks in this process, on 127.0.0.1.
final class LocalCluster: Sendable {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(UUID().uuidString)")
    let master: Master
    let endpoint: HTTPEndpoint
    private let tasks: NIOLockedValueBox<[Task<Void, Never>]> = .init([])

    init() async throws {
        var configuration = MasterConfiguration(dataDirectory: root.appendingPathComponent("master"))
        configuration.port = 0
        configuration.allocationIntervalMs = 50
        configuration.agentHeartbeatMs = 100
        configuration.maxMissedHeartbeats = 20  // generous: a debug build spawning tasks on 2 cores is slow
        configuration.statusUpdateRetryMs = 500
        let master = try Master(configuration: configuration, lab: SchedulerToolkit())
        self.master = master
        let (ports, found) = AsyncStream.makeStream(of: Int.self)
        let app = MasterServer.application(master: master, configuration: configuration) { found.yield($0) }
        tasks.withLockedValue {
            $0.append(Task { try? await app.runService() })
            $0.append(Task { await master.runTimers() })
        }
        var iterator = ports.makeAsyncIterator()
        endpoint = HTTPEndpoint(host: "127.0.0.1", port: await iterator.next() ?? 0)
    }

    /// An agent with `resources`; returns once it registered.
    @discardableResult
    func agent(_ resources: String) async throws -> (agent: Agent, id: String) {
        let agent = Agent(configuration: AgentConfiguration(master: endpoint, resources: try Resources(parsing: resources),
                                                            workDirectory: root.appendingPathComponent("agent-\(UUID().uuidString.prefix(4))")),
                          lab: SchedulerToolkit())
        let (ids, registered) = AsyncStream.makeStream(of: String.self)
        let task = Task { await agent.run { registered.yield($0) } }
        tasks.withLockedValue { $0.append(task) }
        var iterator = ids.makeAsyncIterator()
        return (agent, await iterator.next() ?? "")
    }

    /// Runs `scheduler` as a framework named `name` until the cluster stops.
    func framework(_ name: String, _ scheduler: some MesosScheduler) -> SchedulerDriver {
        let driver = SchedulerDriver(master: endpoint, info: FrameworkInfo(user: "root", name: name))
        let task = Task { await driver.run(scheduler) }
        tasks.withLockedValue { $0.append(task) }
        return driver
    }

    func stop() async {
        for task in tasks.withLockedValue({ $0 }).reversed() {
            task.cancel()
            await task.value
        }
        try? FileManager.default.removeItem(at: root)
    }
}

/// A framework that launches one task per offer until it launched `count`, and records updates.
actor OneTaskPerOffer: MesosScheduler {
    let count: Int
    let task: Resources
    let command: String
    private(set) var launched: [String: String] = [:]  // task → agent
    private(set) var states: [String: String] = [:]

    init(count: Int, task: Resources, command: String) {
        self.count = count
        self.task = task
        self.command = command
    }

    func received(_ event: SchedulerEvent, from driver: SchedulerDriver) async {
        guard let frameworkID = await driver.frameworkID else { return }
        for offer in event.offers?.offers ?? [] {
            if launched.count < count, (try? SchedulerToolkit().subtracting(task, from: Resources(mesos: offer.resources))) ?? nil != nil {
                let id = "t\(launched.count)"
                launched[id] = offer.agentId.value
                let info = TaskInfo(name: id, taskID: id, agentID: offer.agentId.value, resources: task, command: CommandInfo(value: command))
                try? await driver.send(.launch([info], offerIDs: [offer.id.value], frameworkID: frameworkID))
            } else {
                try? await driver.send(.decline([offer.id.value], refuseSeconds: 0.2, frameworkID: frameworkID))
            }
        }
        if let status = event.update?.status { states[status.taskId.value] = status.state }
    }

    func count(_ state: String) -> Int { states.values.filter { $0 == state }.count }
}

/// Polls `condition` every 20 ms for up to `seconds`.
func eventually(_ seconds: Double = 15, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}

@Suite("Master, agents and frameworks in one process", .serialized)
struct ClusterTests {
    @Test("a framework's tasks run on the agents and finish, every update acknowledged")
    func tasksFinish() async throws {
        let cluster = try await LocalCluster()
        try await cluster.agent("cpus:1;mem:256")
        try await cluster.agent("cpus:1;mem:256")
        let scheduler = OneTaskPerOffer(count: 6, task: Resources(scalars: ["cpus": 0.5, "mem": 32]), command: "true")
        _ = cluster.framework("finisher", scheduler)
        let finished = await eventually { await scheduler.count("TASK_FINISHED") == 6 }
        let states = await scheduler.states
        await cluster.stop()
        #expect(finished, "6 tasks finished, got \(states)")
    }

    @Test("two frameworks share the cluster by DRF: the paper's example")
    func drfPaperExample() async throws {
        let cluster = try await LocalCluster()
        try await cluster.agent("cpus:9;mem:18432")
        let a = OneTaskPerOffer(count: 10, task: Resources(scalars: ["cpus": 1, "mem": 4096]), command: "sleep 30")
        let b = OneTaskPerOffer(count: 10, task: Resources(scalars: ["cpus": 3, "mem": 1024]), command: "sleep 30")
        _ = cluster.framework("A", a)
        _ = cluster.framework("B", b)
        let settled = await eventually { await a.count("TASK_RUNNING") + b.count("TASK_RUNNING") == 5 }
        try await Task.sleep(for: .milliseconds(300))  // more allocation rounds: nobody gets anything else
        let (runningA, runningB) = (await a.count("TASK_RUNNING"), await b.count("TASK_RUNNING"))
        let states = (await a.states, await b.states)
        let snapshot = String(decoding: MesosJSON.encode(await cluster.master.snapshot()), as: UTF8.self)
        await cluster.stop()
        #expect(settled && runningA == 3 && runningB == 2,
                "A runs \(runningA) ⟨1 CPU, 4 GB⟩ tasks, B runs \(runningB) ⟨3 CPUs, 1 GB⟩; their tasks: \(states); the master: \(snapshot)")
    }

    @Test("Marathon keeps its instances running, with ports from the offers")
    func marathon() async throws {
        let cluster = try await LocalCluster()
        try await cluster.agent("cpus:2;mem:512;ports:[31000-31009]")
        let marathon = Marathon(apps: [AppDefinition(id: "/web", cmd: "sleep 30", instances: 3, cpus: 0.5, mem: 64, ports: 2)])
        _ = cluster.framework("marathon", marathon)
        let running = await eventually { await marathon.taskList.filter { $0.state == "TASK_RUNNING" }.count == 3 }
        let ports = await marathon.taskList.flatMap(\.ports)
        await cluster.stop()
        #expect(running)
        #expect(Set(ports).count == 6 && ports.allSatisfy { (31000...31009).contains($0) }, "6 distinct ports, got \(ports)")
    }

    @Test("an app can ask for a fixed port: one instance gets it, a second waits for an agent that has it free")
    func fixedPort() async throws {
        let cluster = try await LocalCluster()
        try await cluster.agent("cpus:2;mem:512;ports:[31000-31009]")
        let marathon = Marathon(apps: [AppDefinition(id: "/broker", cmd: "sleep 30", instances: 2, cpus: 0.5, mem: 64, fixedPorts: [31005, 0]),
                                       AppDefinition(id: "/a-any", cmd: "sleep 30", instances: 1, cpus: 0.5, mem: 64, fixedPorts: [0, 0, 0, 0, 0, 0])])
        _ = cluster.framework("marathon", marathon)
        let one = await eventually { await marathon.taskList.filter { $0.state == "TASK_RUNNING" }.count == 2 }
        try await Task.sleep(for: .milliseconds(300))
        let all = await marathon.taskList
        let tasks = all.filter { $0.appId == "/broker" }
        await cluster.stop()
        #expect(one && tasks.count == 1, "only one instance can have port 31005 on the one agent, got \(tasks)")
        #expect(!all.flatMap(\.ports).filter { $0 == 31005 }.isEmpty && all.flatMap(\.ports).filter { $0 == 31005 }.count == 1,
                "an app taking any ports (launched first: /a-any sorts before /broker) must leave 31005 to the app that needs it: \(all)")
        #expect(tasks.first?.ports.first == 31005 && tasks.first?.ports.count == 2 && tasks.first?.ports.last != 31005)
    }
}
