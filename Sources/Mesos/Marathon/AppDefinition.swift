import Contracts
import Foundation

/// An application Marathon keeps running: `instances` copies of `cmd`, each
/// with `cpus` and `mem` (MB) and `ports` host ports (as Marathon's app JSON:
/// `{"id":"/web","cmd":"…","cpus":0.5,"mem":128,"instances":2,"env":{…},"ports":[0]}`).
public struct AppDefinition: Codable, Hashable, Sendable {
    public var id: String
    public var cmd: String
    public var instances: Int
    public var cpus: Double
    public var mem: Double
    public var disk: Double?
    /// One entry per host port wanted: 0 takes any free port of the offer,
    /// another number exactly that port (Marathon's `requirePorts`), for
    /// services others find at a well-known address (the broker's 9092).
    public var ports: [Int]?
    public var env: [String: String]?

    public init(id: String, cmd: String, instances: Int, cpus: Double, mem: Double, ports: Int = 0, env: [String: String] = [:]) {
        self.init(id: id, cmd: cmd, instances: instances, cpus: cpus, mem: mem, fixedPorts: Array(repeating: 0, count: ports), env: env)
    }

    /// An app whose ports are these (0: any).
    public init(id: String, cmd: String, instances: Int, cpus: Double, mem: Double, fixedPorts: [Int], env: [String: String] = [:]) {
        self.id = id.hasPrefix("/") ? id : "/" + id
        self.cmd = cmd
        self.instances = instances
        self.cpus = cpus
        self.mem = mem
        self.ports = fixedPorts.isEmpty ? nil : fixedPorts
        self.env = env.isEmpty ? nil : env
    }

    /// The scalars one instance needs.
    public var scalars: Resources {
        var resources = Resources(scalars: ["cpus": cpus, "mem": mem])
        if let disk, disk > 0 { resources.scalars["disk"] = disk }
        return resources
    }

    /// The app id as a task-id prefix: `/chirp/api` → `chirp_api`.
    public var taskPrefix: String {
        String(id.drop(while: { $0 == "/" })).replacingOccurrences(of: "/", with: "_")
    }

    /// Checks what Marathon would refuse.
    public func validate() throws {
        guard !taskPrefix.isEmpty, taskPrefix.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw AppDefinitionError("app id \"\(id)\" must be letters, digits, - _ . and /")
        }
        guard !cmd.isEmpty else { throw AppDefinitionError("app \(id) has no cmd") }
        guard instances >= 0 else { throw AppDefinitionError("app \(id): instances must be 0 or more") }
        guard cpus > 0, mem > 0 else { throw AppDefinitionError("app \(id): cpus and mem must be above 0") }
    }
}

/// Thrown for an app definition Marathon would refuse.
public struct AppDefinitionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
