import ArgumentParser
import CQLClient
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
/// audit checks that every accepted event is in the log and in the store,
/// once by id. `--chaos` kills a random task every few seconds meanwhile;
/// `--guided` pauses after each stage (`DemoWalk`).
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

    @Flag(help: "Chaos: kill -9 a random task every --chaos-every seconds while the load runs (make demo CHAOS=1).")
    var chaos = false

    @Option(help: "Seconds between two chaos kills.")
    var chaosEvery = 5.0

    @Option(help: "Seed of the chaos' random choices of which task to kill.")
    var seed: UInt64 = 1

    @Option(help: "An external Kafka (HOST:PORT) instead of the in-box broker (make demo KAFKA=…).")
    var kafka: String?

    @Option(help: "An external Cassandra (HOST:PORT) instead of the in-box store (make demo CASSANDRA=…).")
    var cassandra: String?

    @Flag(help: "The guided walk (make demo STEP=1): pause after each stage, say what to look at; the load then runs twice, the second time with chaos.")
    var guided = false

    func validate() throws {
        guard rate > 0, duration > 0 else { throw ValidationError("--rate and --duration must be above 0") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard chaosEvery > 0 else { throw ValidationError("--chaos-every must be above 0") }
        for (name, address) in [("--kafka", kafka), ("--cassandra", cassandra)] {
            if let address, address.split(separator: ":").count != 2 || Int(address.split(separator: ":").last ?? "") == nil {
                throw ValidationError("\(name) must be HOST:PORT (got \(address))")
            }
        }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: dir).standardizedFileURL
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let plan = try DemoPlan(box: BoxExecutable.path, directory: directory, rate: rate,
                                externalKafka: kafka, externalCassandra: cassandra)
        try FileManager.default.createDirectory(atPath: plan.path("notebooks"), withIntermediateDirectories: true)
        if let demo = FileManager.default.contents(atPath: "notebooks/chirp.ipynb") {
            try demo.write(to: URL(fileURLWithPath: plan.path("notebooks/chirp.ipynb")))
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
            say("failed: \(error). The master's and the agent's logs are in \(directory.path)/logs, each task's stdout and stderr in its sandbox, \(directory.path)/agent/frameworks/*/tasks/*/")
            throw error
        }
    }

    private func stage(_ plan: DemoPlan, _ processes: DemoProcesses, _ driverBox: DriverBox) async throws -> DemoAudit {
        let walk = DemoWalk(guided: guided)
        let master = HTTPEndpoint(host: "127.0.0.1", port: plan.masterPort)
        let state = "curl -s http://127.0.0.1:\(plan.masterPort)/master/state | python3 -m json.tool"
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
        // Every app is known from the start, scaled to 0 (so the ports the
        // data services need are never handed out to another task); each
        // stage scales its apps up.
        let marathon = Marathon(apps: plan.apps.map { app in
            var idle = app
            idle.instances = 0
            return idle
        })
        let driver = SchedulerDriver(master: master, info: FrameworkInfo(user: "root", name: "marathon", failoverTimeout: 30))
        await driverBox.set(driver, Task { await driver.run(marathon) })
        try await waitUntil("Marathon to subscribe", seconds: 30) { await driver.frameworkID != nil }
        await walk.reached(1, "master http://127.0.0.1:\(plan.masterPort), one agent, Marathon subscribed", lookAt: [
            "\(state)   (\"slaves\": the agent and its resources; \"frameworks\": marathon, no tasks yet)",
            "the master's registry (SQLite) in \(plan.path("master")); every process's log in \(plan.path("logs"))",
        ])

        // Each stage submits its apps to Marathon and waits until they run.
        func waitRunning(_ ids: [String]) async throws {
            try await waitUntil("\(ids.joined(separator: ", ")) to run", seconds: 90) {
                let tasks = await marathon.taskList
                return plan.apps.filter { ids.contains($0.id) }.allSatisfy { app in
                    tasks.filter { $0.appId == app.id && $0.state == "TASK_RUNNING" }.count == app.instances
                }
            }
        }
        func launch(_ ids: [String]) async throws {
            say("marathon: submitting \(ids.joined(separator: ", "))")
            for app in plan.apps where ids.contains(app.id) { await marathon.put(app, driver: driver) }
            try await waitRunning(ids)
        }
        if let external = plan.externalKafka {
            try await waitUntil("the Kafka at \(external)", seconds: 60) { (try? await DemoAudit.logEnd(plan.kafka)) != nil }
            await walk.reached(2, "the external Kafka at \(external) (--kafka): the demo neither starts nor kills it", lookAt: [
                "kcat -b \(external) -L   (its brokers and topics)",
            ])
        } else {
            try await launch(["/chirp/broker"])
            try await waitUntil("the broker", seconds: 60) { (try? await DemoAudit.logEnd(plan.kafka)) != nil }
            await walk.reached(2, "a Kafka broker on \(plan.kafka), a Mesos task of Marathon's", lookAt: [
            "kcat -b \(plan.kafka) -L   (one broker; the topic chirps)",
            "\(state)   (the task under \"frameworks\" → \"tasks\", with the ports it was offered)",
                "its sandbox: \(plan.path("agent"))/frameworks/*/tasks/*/ (stdout, stderr, task.pid); its segments: \(plan.path("broker"))/chirps-*/",
            ])
        }
        // The audit reads the log from here on, and only this run's event ids (an external log may hold older ones).
        let since = try await DemoAudit.logOffsets(plan.kafka)
        let workloadSeed: UInt64 = plan.externalKafka == nil && plan.externalCassandra == nil ? 1 : UInt64(Date().timeIntervalSince1970 * 1000)

        if plan.externalCassandra == nil { try await launch(["/chirp/store"]) }
        try await waitUntil("the store at \(plan.cql)", seconds: 60) {
            guard let connection = try? await CQLConnection.connect(address: plan.cql) else { return false }
            await connection.close()
            return true
        }
        let cqlsh = "cqlsh \(plan.cql.replacingOccurrences(of: ":", with: " "))"
        if let external = plan.externalCassandra {
            await walk.reached(3, "the external Cassandra at \(external) (--cassandra): the demo neither starts nor kills it", lookAt: [
                "\(cqlsh)   then DESCRIBE KEYSPACES;",
            ])
        } else {
            await walk.reached(3, "a Cassandra-compatible store on \(plan.cql)", lookAt: [
                "\(cqlsh)   then DESCRIBE KEYSPACES;",
                "its commit log and SSTables: \(plan.path("store"))/",
            ])
        }

        try await launch(["/chirp/api"])
        let apis = await apiPorts(marathon)
        for port in apis {
            try await waitUntil("the API on \(port)", seconds: 60) {
                (try? await HTTPClient.get(HTTPEndpoint(host: "127.0.0.1", port: port), "/healthz"))?.status == 200
            }
        }
        // Event time runs at the load's rate from now, so windows and live charts read as the present.
        var workloadConfig = WorkloadConfig(seed: workloadSeed)
        workloadConfig.rate = rate
        workloadConfig.startMs = Int64(Date().timeIntervalSince1970 * 1000)
        var workload = Workload(workloadConfig)
        let progress = DemoLoad.Progress()
        let hello = try await postOne(workload.next()!, to: apis[0], plan: plan, progress: progress)
        await walk.reached(4, "two API instances, \(apis.map { "http://127.0.0.1:\($0)" }.joined(separator: " and ")) (x-api-key: \(plan.apiKey)); \(hello)", lookAt: [
            "curl -s http://127.0.0.1:\(apis[0])/metrics | grep '^chirp'   and   http://127.0.0.1:\(apis[0])/openapi.json",
            "that chirp in the log: kcat -b \(plan.kafka) -C -t chirps -o beginning -e",
        ])

        try await launch(["/chirp/trending", "/chirp/spam", "/chirp/persist", "/chirp/notifications"])
        // The persist job creates its table once it has reached the store and the broker: then it is ready.
        try await waitUntil("the persist job to reach the store", seconds: 60) { (try? await DemoAudit.storeCount(plan.cql)) != nil }
        await walk.reached(5, "trending (top hashtags, 10 s windows every 2 s), spam (more than \(plan.spamThreshold) posts in 10 s: a verdict to the moderation topic), persist (every chirp to the store), notifications (mentions and trending posts)", lookAt: [
            "kcat -b \(plan.kafka) -C -t trending   (once the load runs: the top hashtags of each window)",
            "kcat -b \(plan.kafka) -C -t moderation   (spam verdicts; the API instances follow this topic and throttle those users)",
            "\(cqlsh) -e 'SELECT * FROM chirp.events LIMIT 5'",
            "curl -sN -H 'x-api-key: \(plan.apiKey)' http://127.0.0.1:\(apis[0])/v1/users/1/notifications   (user 1's mentions and trending chirps, pushed as they happen)",
        ])

        try await launch(["/chirp/notebook"])
        let notebook = "http://127.0.0.1:\(plan.notebookPort)/notebooks/chirp.ipynb"
        try await waitUntil("the notebook", seconds: 60) {
            (try? await HTTPClient.get(HTTPEndpoint(host: "127.0.0.1", port: plan.notebookPort), "/"))?.status == 200
        }
        await walk.reached(6, notebook, lookAt: [
            "open \(notebook) in a browser and Run all: live charts over the log, batch SQL over the store",
        ])
        say("""
            up: notebook \(notebook) · API \(apis.map { "http://127.0.0.1:\($0)" }.joined(separator: ", ")) (x-api-key: \(plan.apiKey))
                master http://127.0.0.1:\(plan.masterPort)/master/state · broker \(plan.kafka) (kcat -b) · store \(plan.cql) (cqlsh) · logs in \(plan.path("logs"))
            """)

        // Load: open loop at the rate, over the API instances running now; chaos meanwhile if asked.
        let load = DemoLoad(apiKey: plan.apiKey, rate: rate, batch: batch, endpoints: { await apiPorts(marathon) })
        var loadEnded = ContinuousClock.now
        func phase(chaos: Bool) async -> [String] {
            let events = (0..<Int(rate * duration)).compactMap { _ in workload.next() }
            say("load: \(events.count) events at \(Int(rate))/s for \(Int(duration)) s" + (chaos ? ", and kill -9 of a random task every \(chaosEvery) s" : ""))
            let status = Task { await DemoStatus.run(plan: plan, marathon: marathon, load: progress) }
            let probe = Task {
                await DemoLatencyProbe(notebookPort: plan.notebookPort, apiPort: { await apiPorts(marathon).first }, apiKey: plan.apiKey,
                                       eventTime: { progress.tally.withLockedValue { $0.latestEventTime } }).run()
            }
            let killer = chaos ? Task { await DemoChaos(plan: plan, marathon: marathon, interval: .milliseconds(Int(chaosEvery * 1000)), seed: seed).run() } : nil
            let before = progress.tally.withLockedValue { $0.accepted.count }
            let started = ContinuousClock.now
            await load.run(events, progress: progress)
            loadEnded = .now
            let seconds = (loadEnded - started) / .seconds(1)
            let count = progress.tally.withLockedValue { $0.accepted.count } - before
            say(String(format: "load: %d events accepted in %.1f s: %.0f events/s", count, seconds, Double(count) / max(seconds, 0.001)))
            killer?.cancel()
            let killed = await killer?.value ?? []
            status.cancel()
            probe.cancel()
            say(await probe.value.summary)
            return killed
        }
        let accepted = { progress.tally.withLockedValue { $0.accepted.count } }
        var killed = await phase(chaos: chaos && !guided)
        await walk.reached(7, "\(accepted()) events accepted" + (killed.isEmpty ? "" : ", \(killed.count) tasks killed"), lookAt: [
            "the notebook's live cells; \(state) (every task TASK_RUNNING)",
            "next: the same load again, and every \(chaosEvery) s a random task gets kill -9; the scheduler relaunches it; the audit must still balance",
        ])
        if guided {
            killed += await phase(chaos: true)
            await walk.reached(8, "\(killed.count) tasks killed: \(killed.joined(separator: ", "))", lookAt: [])
        } else if chaos {
            say("chaos: \(killed.count) tasks killed: \(killed.joined(separator: ", "))")
        }
        if !killed.isEmpty {
            say("chaos: waiting for every task to run again")
            try await waitRunning(plan.apps.map(\.id))
        }
        let final = progress.tally.withLockedValue { $0 }
        say("load done: \(final.accepted.count) accepted, \(final.throttled) refused with 429 (rate limit or spam verdict), \(final.rejected) refused otherwise, \(final.retries) requests retried, \(final.transportErrors) connections lost")
        say("audit: draining the pipeline")
        try await waitUntil("the broker", seconds: 60) { (try? await DemoAudit.logEnd(plan.kafka)) != nil }
        return try await DemoAudit.run(plan: plan, load: final, since: since, prefix: "s\(workloadSeed)-", loadEnded: loadEnded)
    }

    /// The ports of the API instances Marathon has running now.
    private func apiPorts(_ marathon: Marathon) async -> [Int] {
        await marathon.taskList.filter { $0.appId == "/chirp/api" && $0.state == "TASK_RUNNING" }.compactMap { $0.ports.first.map(Int.init) }
    }

    /// POSTs one chirp, as a person with curl would; says what came back.
    private func postOne(_ event: ChirpEvent, to port: Int, plan: DemoPlan, progress: DemoLoad.Progress) async throws -> String {
        var answer = "no answer"
        try await APIConnection.open(host: "127.0.0.1", port: port, apiKey: plan.apiKey) { send in
            let (status, body) = try await send("/v1/events", event.jsonLine)
            if status == 202 { progress.tally.withLockedValue { _ = $0.accepted.insert(event.id) } }
            answer = "POST /v1/events → \(status) \(String(decoding: body, as: UTF8.self))"
        }
        return answer
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
    throw DemoError("gave up waiting for \(what) after \(Int(seconds)) s")
}
