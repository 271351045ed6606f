import ArgumentParser
import Contracts
import Foundation
import KafkaClient
import Mesos
import StreamProcessing
import StreamingSolution

/// `box demo`: Chirp, the analytics startup in a box. A scheduler master and
/// an agent come up, the Marathon-like framework runs the startup's services
/// as tasks (broker, store, two API instances, the streaming jobs, the
/// notebook), load flows through the API for `--duration` seconds, and the
/// audit checks that every accepted event is in the log once and in the
/// store once.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The whole startup under load, on the scheduler, with an audit at the end (the capstone).")

    @Option(help: "Events per second sent to the API.")
    var rate = 2_000.0

    @Option(help: "Seconds of load before the audit.")
    var duration = 60.0

    @Option(help: "Events per request: 1 POSTs each to /v1/events, more go to /v1/events:batch.")
    var batch = 1

    @Option(help: "The demo's folder (wiped at the start): data, sandboxes, logs.")
    var dir = ".demo"

    func validate() throws {
        guard rate > 0, duration > 0 else { throw ValidationError("--rate and --duration must be above 0") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: dir).standardizedFileURL
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let box = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
        let plan = try DemoPlan(box: FileManager.default.isExecutableFile(atPath: box) ? box : "/proc/self/exe", directory: directory)
        try FileManager.default.createDirectory(atPath: plan.path("notebooks"), withIntermediateDirectories: true)
        if let demo = FileManager.default.contents(atPath: "notebooks/chirp.ipynb") {
            FileManager.default.createFile(atPath: plan.path("notebooks/chirp.ipynb"), contents: demo)
        }
        let processes = try DemoProcesses(logs: directory.appendingPathComponent("logs"))
        let driverBox = DriverBox()
        let stop = StopSignals {
            await driverBox.teardown()
            processes.stopAll()
        }
        defer { _ = stop }
        do {
            let audit = try await stage(plan, processes, driverBox)
            await driverBox.teardown()
            processes.stopAll()
            print(audit.report)
            if !audit.balanced { throw ExitCode(1) }
        } catch {
            await driverBox.teardown()
            processes.stopAll()
            throw error
        }
    }

    private func stage(_ plan: DemoPlan, _ processes: DemoProcesses, _ driverBox: DriverBox) async throws -> DemoAudit {
        let master = HTTPEndpoint(host: "127.0.0.1", port: plan.masterPort)
        say("scheduler: master on \(master), registry in \(plan.path("master"))")
        try processes.start("master", plan.box, ["scheduler", "master", "--port", "\(plan.masterPort)", "--data", plan.path("master"),
                                                 "--agent-heartbeat-ms", "1000", "--max-missed-heartbeats", "15",
                                                 "--allocation-interval-ms", "100"])
        try await waitUntil("the master answers", seconds: 30) { (try? await HTTPClient.get(master, "/health"))?.status == 200 }
        try processes.start("agent", plan.box, ["scheduler", "agent", "--master", master.description, "--resources", plan.agentResources,
                                                "--work-dir", plan.path("agent")])
        try await waitUntil("the agent registers", seconds: 30) {
            guard let reply = try? await HTTPClient.get(master, "/master/state") else { return false }
            return String(decoding: reply.body, as: UTF8.self).contains("\"slaves\":[{")
        }
        let marathon = Marathon(apps: plan.apps)
        let driver = SchedulerDriver(master: master, info: FrameworkInfo(user: "root", name: "marathon", failoverTimeout: 30))
        await driverBox.set(driver, Task { await driver.run(marathon) })
        say("marathon: submitting \(plan.apps.map(\.id).joined(separator: ", "))")
        try await waitUntil("every task to run", seconds: 90) {
            let tasks = await marathon.taskList
            return plan.apps.allSatisfy { app in tasks.filter { $0.appId == app.id && $0.state == "TASK_RUNNING" }.count == app.instances }
        }
        let apis = await marathon.taskList.filter { $0.appId == "/chirp/api" }.compactMap { $0.ports.first.map(Int.init) }
        for port in apis {
            try await waitUntil("the API on \(port)", seconds: 60) {
                (try? await HTTPClient.get(HTTPEndpoint(host: "127.0.0.1", port: port), "/healthz"))?.status == 200
            }
        }
        try await waitUntil("the broker", seconds: 60) { (try? await DemoAudit.logEnd(plan.kafka)) != nil }
        // The persist job creates its table once it has reached the store and the broker: then it is ready.
        try await waitUntil("the persist job to reach the store", seconds: 60) { (try? await DemoAudit.storeIDs(plan.cql)) != nil }
        say("""
            up: notebook http://127.0.0.1:\(plan.notebookPort)/notebooks/chirp.ipynb · API \(apis.map { "http://127.0.0.1:\($0)" }.joined(separator: ", ")) (x-api-key: \(plan.apiKey))
                master http://127.0.0.1:\(plan.masterPort)/master/state · logs in \(plan.path("logs"))
            """)

        // Load: the events split over the API instances, open loop at the rate.
        var workload = Workload(WorkloadConfig(seed: 1))
        let total = Int(rate * duration)
        var shares: [[ChirpEvent]] = Array(repeating: [], count: apis.count)
        for index in 0..<total { if let event = workload.next() { shares[index % apis.count].append(event) } }
        say("load: \(total) events at \(Int(rate))/s for \(Int(duration)) s")
        let status = Task { await DemoStatus.run(plan: plan, marathon: marathon) }
        let reports = try await withThrowingTaskGroup(of: APILoad.Report.self) { group in
            for (index, port) in apis.enumerated() {
                let load = APILoad(host: "127.0.0.1", port: port, apiKey: plan.apiKey, connections: 8, batch: batch,
                                   sendRate: rate / Double(apis.count))
                let events = shares[index]
                group.addTask { try await load.run(events) }
            }
            var all: [APILoad.Report] = []
            for try await report in group { all.append(report) }
            return all
        }
        status.cancel()
        let accepted = reports.reduce(0) { $0 + $1.accepted }
        say("load done: \(reports.map(\.summary).joined(separator: " | "))")
        say("audit: draining the pipeline")
        return try await DemoAudit.run(plan: plan, accepted: accepted)
    }
}

/// The framework's driver, torn down once (on the way out, or on Ctrl-C).
actor DriverBox {
    private var driver: SchedulerDriver?
    private var task: Task<Void, Never>?

    func set(_ driver: SchedulerDriver, _ task: Task<Void, Never>) {
        self.driver = driver
        self.task = task
    }

    func teardown() async {
        guard let driver else { return }
        self.driver = nil
        await driver.teardown()
        task?.cancel()
    }
}

func say(_ line: String) {
    FileHandle.standardOutput.write(Data("[demo] \(line)\n".utf8))
}

/// Polls `condition` every 100 ms; throws naming `what` after `seconds`.
func waitUntil(_ what: String, seconds: Double, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw DemoError("gave up waiting for \(what) after \(Int(seconds)) s (logs in .demo/logs)")
}
