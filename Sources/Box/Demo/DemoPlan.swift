import Foundation
import Mesos
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the demo's services listen and keep their data, and the apps
/// Marathon runs for them: the Chirp startup as Mesos tasks.
struct DemoPlan {
    let box: String
    let directory: URL
    let masterPort: Int
    let brokerPort: Int
    let storePort: Int
    let notebookPort: Int
    /// Ports the agent offers for the API instances (any of them).
    let spare: [Int]
    let apiKey = "demo"
    /// Each task writes its pid here, in its sandbox, as it starts (for `CHAOS=1`).
    static let pidFile = "task.pid"

    /// An external Kafka (`--kafka`) and Cassandra (`--cassandra`) used
    /// instead of the in-box broker and store; nil: the box's own, as tasks.
    let externalKafka: String?
    let externalCassandra: String?

    /// The spam job flags a user with more posts than this in a 10 s window:
    /// 5% of the posts the load sends in one (at least 30), so the Zipf
    /// workload's busiest users are throttled and the rest are not.
    let spamThreshold: Int

    init(box: String, directory: URL, rate: Double = 2_000, externalKafka: String? = nil, externalCassandra: String? = nil) throws {
        self.box = box
        spamThreshold = max(30, Int(rate * 10 * 0.6 * 0.05))
        self.directory = directory
        self.externalKafka = externalKafka
        self.externalCassandra = externalCassandra
        let ports = try DemoPlan.freePorts(24)
        masterPort = ports[0]
        brokerPort = ports[1]
        storePort = ports[2]
        notebookPort = ports[3]
        spare = Array(ports[4...])
    }

    var kafka: String { externalKafka ?? "127.0.0.1:\(brokerPort)" }
    var cql: String { externalCassandra ?? "127.0.0.1:\(storePort)" }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The agent's resources: enough for every task, and exactly these ports.
    var agentResources: String {
        let all = [brokerPort, storePort, notebookPort] + spare
        return "cpus:16;mem:16384;disk:10240;ports:[\(all.sorted().map { "\($0)-\($0)" }.joined(separator: ","))]"
    }

    /// The Chirp app: data services on fixed ports (they come back where
    /// clients look for them), data in the demo folder (it outlives a task,
    /// as a Mesos persistent volume would), the rest anywhere.
    var apps: [AppDefinition] {
        // `exec` keeps the shell's pid, so the pid written is the service's own.
        let run = "echo $$ > \(Self.pidFile); exec '\(self.box)'"
        let all: [AppDefinition] = [
            AppDefinition(id: "/chirp/broker", cmd: "\(run) broker --port \(brokerPort) --data '\(path("broker"))'",
                          instances: 1, cpus: 1, mem: 512, fixedPorts: [brokerPort]),
            AppDefinition(id: "/chirp/store", cmd: "\(run) store --port \(storePort) --data '\(path("store"))'",
                          instances: 1, cpus: 1, mem: 512, fixedPorts: [storePort]),
            AppDefinition(id: "/chirp/api", cmd: "\(run) api --port $PORT0 --kafka \(kafka) --api-keys \(apiKey) --rate 2000 --burst 4000",
                          instances: 2, cpus: 1, mem: 256, ports: 1),
            AppDefinition(id: "/chirp/trending",
                          cmd: "\(run) stream --job trending --kafka \(kafka) --window 10s --slide 2s --checkpoint '\(path("trending.checkpoints"))'",
                          instances: 1, cpus: 0.5, mem: 256),
            AppDefinition(id: "/chirp/spam",
                          cmd: "\(run) stream --job spam --kafka \(kafka) --window 10s --threshold \(spamThreshold) --checkpoint '\(path("spam.checkpoints"))'",
                          instances: 1, cpus: 0.5, mem: 256),
            AppDefinition(id: "/chirp/persist", cmd: "\(run) stream --job persist --kafka \(kafka) --cql \(cql)",
                          instances: 1, cpus: 0.5, mem: 256),
            AppDefinition(id: "/chirp/notifications", cmd: "\(run) stream --job notifications --kafka \(kafka)",
                          instances: 1, cpus: 0.5, mem: 256),
            AppDefinition(id: "/chirp/notebook",
                          cmd: "\(run) notebook --port \(notebookPort) --dir '\(path("notebooks"))' --kafka \(kafka) --cassandra \(cql)",
                          instances: 1, cpus: 0.5, mem: 256, fixedPorts: [notebookPort]),
        ]
        return all.filter { app in
            !(app.id == "/chirp/broker" && externalKafka != nil) && !(app.id == "/chirp/store" && externalCassandra != nil)
        }
    }

    /// `count` ports free on 127.0.0.1 now (bound, then released).
    static func freePorts(_ count: Int) throws -> [Int] {
        var sockets: [Int32] = []
        defer { for fd in sockets { close(fd) } }
        var ports: [Int] = []
        for _ in 0..<count {
            #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            guard fd >= 0 else { throw DemoError("no socket for a free port") }
            sockets.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw DemoError("cannot find a free port") }
            ports.append(Int(UInt16(bigEndian: address.sin_port)))
        }
        return ports
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
