import ArgumentParser
import Contracts
import Foundation
import Mesos
import SchedulerSolution
import SchedulerStarter

/// `box scheduler`: the Mesos-style master and agent, and the Marathon-like framework.
struct Scheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Mesos-style scheduler (scheduler lab): master, agent, and the Marathon-like framework.",
        subcommands: [SchedulerMaster.self, SchedulerAgent.self, SchedulerMarathon.self])

    /// The scheduler lab of a track.
    static func lab(_ track: String) -> any SchedulerLab {
        track == "starter" ? SchedulerStarter.SchedulerToolkit() : SchedulerSolution.SchedulerToolkit()
    }

    static func validateTrack(_ track: String) throws {
        guard ["starter", "solution"].contains(track) else { throw ValidationError("--track must be starter or solution") }
    }
}

/// `box scheduler master`: the master, serving Mesos' v1 scheduler API.
struct SchedulerMaster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "master",
        abstract: "The master: Mesos' v1 scheduler HTTP API for frameworks (pymesos works), agents' registration, the DRF allocator.")

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 5050

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The directory of the registry (SQLite): frameworks, agents and tasks survive a restart.")
    var data: String

    @Option(help: "Whose scheduling core: solution (the reference) or starter (yours, Labs/Scheduler).")
    var track = "solution"

    @Option(name: .customLong("allocation-interval-ms"), help: "How often the allocator makes offers.")
    var allocationIntervalMs: Int64 = 250

    @Option(name: .customLong("offer-timeout-ms"), help: "An offer not answered this long is rescinded.")
    var offerTimeoutMs: Int64 = 10_000

    @Option(name: .customLong("agent-heartbeat-ms"), help: "How often agents send heartbeats.")
    var agentHeartbeatMs: Int64 = 1_000

    @Option(name: .customLong("max-missed-heartbeats"), help: "Heartbeats an agent may miss before it is removed and its tasks are lost.")
    var maxMissedHeartbeats = 5

    @Option(name: .customLong("agent-reregister-timeout-ms"), help: "After a restart, how long agents in the registry have to re-register.")
    var agentReregisterTimeoutMs: Int64 = 10_000

    @Option(name: .customLong("framework-heartbeat-ms"), help: "How often frameworks get a HEARTBEAT event.")
    var frameworkHeartbeatMs: Int64 = 15_000

    @Option(name: .customLong("status-update-retry-ms"), help: "How often an unacknowledged status update is sent again.")
    var statusUpdateRetryMs: Int64 = 5_000

    @Option(help: "Role weights for DRF, e.g. 'chirp=2,batch=1' (default 1 each).")
    var weights = ""

    func validate() throws {
        try Scheduler.validateTrack(track)
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard [allocationIntervalMs, offerTimeoutMs, agentHeartbeatMs, statusUpdateRetryMs, frameworkHeartbeatMs].allSatisfy({ $0 > 0 }),
              maxMissedHeartbeats >= 1 else { throw ValidationError("the timers must be above 0") }
        _ = try roleWeights()
    }

    func roleWeights() throws -> [String: Double] {
        var parsed: [String: Double] = [:]
        for pair in weights.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let weight = Double(parts[1]), weight > 0 else {
                throw ValidationError("--weights must be role=weight pairs, comma-separated (got \(pair))")
            }
            parsed[String(parts[0])] = weight
        }
        return parsed
    }

    func run() async throws {
        var configuration = MasterConfiguration(dataDirectory: URL(fileURLWithPath: data))
        configuration.host = host
        configuration.port = port
        configuration.allocationIntervalMs = allocationIntervalMs
        configuration.offerTimeoutMs = offerTimeoutMs
        configuration.agentHeartbeatMs = agentHeartbeatMs
        configuration.maxMissedHeartbeats = maxMissedHeartbeats
        configuration.agentReregisterTimeoutMs = agentReregisterTimeoutMs
        configuration.frameworkHeartbeatMs = frameworkHeartbeatMs
        configuration.statusUpdateRetryMs = statusUpdateRetryMs
        configuration.roleWeights = try roleWeights()
        let master: Master
        do {
            master = try Master(configuration: configuration, lab: Scheduler.lab(track))
        } catch let error as NotImplemented {
            throw ValidationError("the master needs your lab's \(error.function) first (\(error))")
        }
        let track = self.track, host = self.host, data = self.data
        let app = MasterServer.application(master: master, configuration: configuration) { port in
            FileHandle.standardOutput.write(Data("box scheduler master (\(track)) listening on http://\(host):\(port), registry in \(data)\n".utf8))
        }
        let deadline = ShutdownDeadline("box scheduler master")  // a framework's subscription stream stays open
        defer { withExtendedLifetime(deadline) {} }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await master.runTimers() }
            try await app.runService()
            group.cancelAll()
        }
    }
}

/// `box scheduler agent`: an agent that runs tasks for the master.
struct SchedulerAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "An agent: registers its resources with the master, launches and kills tasks, reports their states.")

    @Option(help: "The master, HOST:PORT.")
    var master: String

    @Option(help: "The resources it offers, in Mesos' form.")
    var resources = "cpus:2;mem:2048;disk:10240;ports:[31000-32000]"

    @Option(name: .customLong("work-dir"), help: "Where tasks' sandboxes go (each task's stdout and stderr are there).")
    var workDir: String

    @Option(help: "The hostname frameworks see in offers.")
    var hostname = "127.0.0.1"

    @Option(help: "Whose resource arithmetic checks launches: solution or starter (yours, Labs/Scheduler step 1).")
    var track = "solution"

    func validate() throws {
        try Scheduler.validateTrack(track)
        guard HTTPEndpoint(master) != nil else { throw ValidationError("--master must be HOST:PORT (got \(master))") }
        do { _ = try Resources(parsing: resources) } catch { throw ValidationError("--resources: \(error)") }
    }

    func run() async throws {
        var configuration = AgentConfiguration(master: HTTPEndpoint(master)!, resources: try Resources(parsing: resources),
                                               workDirectory: URL(fileURLWithPath: workDir))
        configuration.hostname = hostname
        let agent = Agent(configuration: configuration, lab: Scheduler.lab(track))
        let stop = StopSignals { await agent.killAll() }
        let master = self.master, resources = configuration.resources
        await agent.run { id in
            FileHandle.standardOutput.write(Data("box scheduler agent registered with \(master) as \(id), offering \(resources)\n".utf8))
        }
        _ = stop
    }
}

/// `box scheduler marathon`: the Marathon-like framework and its REST API.
struct SchedulerMarathon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marathon",
        abstract: "The Marathon-like framework: keeps N instances of each app running on the master's agents.")

    @Option(help: "The master, HOST:PORT.")
    var master: String

    @Option(help: "A JSON file with an array of apps: [{\"id\":\"/web\",\"cmd\":\"…\",\"cpus\":0.5,\"mem\":128,\"instances\":2}].")
    var apps: String?

    @Option(help: "The port of its REST API (/v2/apps, /v2/tasks; 0 picks a free one).")
    var port = 8090

    @Option(help: "The framework's name.")
    var name = "marathon"

    @Option(help: "The framework's role (for DRF weights).")
    var role = "*"

    @Option(name: .customLong("failover-timeout"), help: "Seconds the master keeps its tasks running if it disconnects.")
    var failoverTimeout = 60.0

    func validate() throws {
        guard HTTPEndpoint(master) != nil else { throw ValidationError("--master must be HOST:PORT (got \(master))") }
    }

    func run() async throws {
        var definitions: [AppDefinition] = []
        if let apps {
            definitions = try JSONDecoder().decode([AppDefinition].self, from: Data(contentsOf: URL(fileURLWithPath: apps)))
            for app in definitions { try app.validate() }
        }
        let marathon = Marathon(apps: definitions)
        let driver = SchedulerDriver(master: HTTPEndpoint(master)!,
                                     info: FrameworkInfo(user: "root", name: name, failoverTimeout: failoverTimeout, role: role))
        let master = self.master, name = self.name
        let app = MarathonServer.application(marathon: marathon, driver: driver, host: "127.0.0.1", port: port) { port in
            FileHandle.standardOutput.write(Data("box scheduler marathon listening on http://127.0.0.1:\(port), framework \(name) on \(master)\n".utf8))
        }
        // runService returns on SIGINT or SIGTERM (a graceful shutdown): then the framework is torn down.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run(marathon) }
            try await app.runService()
            await driver.teardown()
            group.cancelAll()
        }
    }
}

