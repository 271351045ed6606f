import Contracts
import Foundation

// Mesos' v1 JSON messages, as much of them as the master, agent and
// frameworks here use (mesos.proto / scheduler.proto). Field names are
// camelCase here and snake_case on the wire (`MesosJSON` converts).

/// An id: Mesos wraps every id in an object, `{"value": "..."}`.
public struct MesosID: Codable, Hashable, Sendable, CustomStringConvertible {
    public var value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
}

/// One resource of a `Resource` list: a scalar (`cpus`, `mem`, `disk`) or a range set (`ports`).
public struct MesosResource: Codable, Hashable, Sendable {
    public struct Scalar: Codable, Hashable, Sendable { public var value: Double }
    public struct Range: Codable, Hashable, Sendable { public var begin: Int64; public var end: Int64 }
    public struct Ranges: Codable, Hashable, Sendable { public var range: [Range] }

    public var name: String
    /// `SCALAR`, `RANGES` (or `SET`, not used here).
    public var type: String
    public var scalar: Scalar?
    public var ranges: Ranges?
    public var role: String?

    public init(name: String, scalar: Double) {
        self.name = name
        type = "SCALAR"
        self.scalar = Scalar(value: scalar)
    }

    public init(name: String, ranges: [ValueRange]) {
        self.name = name
        type = "RANGES"
        self.ranges = Ranges(range: ranges.map { Range(begin: $0.begin, end: $0.end) })
    }
}

extension Resources {
    /// Resources from a Mesos `Resource` list (roles ignored; SET resources skipped).
    public init(mesos list: [MesosResource]) {
        self.init()
        for resource in list {
            switch resource.type.uppercased() {
            case "SCALAR": if let value = resource.scalar?.value, value > 0, value.isFinite { scalars[resource.name, default: 0] += value }
            case "RANGES": ranges[resource.name, default: []] += (resource.ranges?.range ?? []).map { ValueRange($0.begin, $0.end) }
            default: continue
            }
        }
        self = normalizingScalars()
    }

    /// The Mesos `Resource` list: scalars then range sets, by name.
    public var mesos: [MesosResource] {
        scalars.keys.sorted().map { MesosResource(name: $0, scalar: Resources.round(scalars[$0]!)) }
            + ranges.keys.sorted().map { MesosResource(name: $0, ranges: ranges[$0]!) }
    }
}

/// A framework's description of itself (`FrameworkInfo`).
public struct FrameworkInfo: Codable, Hashable, Sendable {
    public var user: String?
    public var name: String?
    public var id: MesosID?
    /// Seconds the master keeps a disconnected framework's tasks before tearing it down (0: at once).
    public var failoverTimeout: Double?
    public var hostname: String?
    public var role: String?
    public var roles: [String]?

    public init(user: String? = nil, name: String? = nil, id: MesosID? = nil, failoverTimeout: Double? = nil, role: String? = nil) {
        self.user = user
        self.name = name
        self.id = id
        self.failoverTimeout = failoverTimeout
        self.role = role
    }

    /// The role its resources count against (the first of `roles`, else `role`, else `*`).
    public var effectiveRole: String { roles?.first ?? role ?? "*" }
}

/// An environment variable of a command.
public struct MesosVariable: Codable, Hashable, Sendable {
    public var name: String
    public var value: String?
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A command's environment (`Environment`).
public struct MesosEnvironment: Codable, Hashable, Sendable {
    public var variables: [MesosVariable]
    public init(variables: [MesosVariable]) { self.variables = variables }
}

/// What a task runs (`CommandInfo`): with `shell` (the default) `value` is
/// run by `/bin/sh -c`; without, `value` is the executable and `arguments` its argv.
public struct CommandInfo: Codable, Hashable, Sendable {
    public var value: String?
    public var shell: Bool?
    public var arguments: [String]?
    public var environment: MesosEnvironment?

    public init(value: String, shell: Bool = true, arguments: [String]? = nil, environment: [String: String] = [:]) {
        self.value = value
        self.shell = shell
        self.arguments = arguments
        self.environment = environment.isEmpty ? nil
            : MesosEnvironment(variables: environment.keys.sorted().map { MesosVariable(name: $0, value: environment[$0]!) })
    }
}

/// A task to launch (`TaskInfo`).
public struct TaskInfo: Codable, Hashable, Sendable {
    public var name: String
    public var taskId: MesosID
    public var agentId: MesosID
    public var resources: [MesosResource]?
    public var command: CommandInfo?

    public init(name: String, taskID: String, agentID: String, resources: Resources, command: CommandInfo) {
        self.name = name
        taskId = MesosID(taskID)
        agentId = MesosID(agentID)
        self.resources = resources.mesos
        self.command = command
    }

    /// Its resources, as the lab counts them.
    public var requested: Resources { Resources(mesos: resources ?? []) }
}

/// A task's status on the wire (`TaskStatus`): `timestamp` in seconds, `uuid` base64.
public struct MesosTaskStatus: Codable, Hashable, Sendable {
    public var taskId: MesosID
    public var state: String
    public var agentId: MesosID?
    public var message: String?
    public var source: String?
    public var reason: String?
    public var uuid: String?
    public var timestamp: Double?

    /// The wire form of `status`, from `source` (SOURCE_MASTER, SOURCE_AGENT, SOURCE_EXECUTOR).
    public init(_ status: TaskStatus, source: String? = nil, reason: String? = nil) {
        taskId = MesosID(status.taskID)
        state = status.state.rawValue
        agentId = status.agentID.isEmpty ? nil : MesosID(status.agentID)
        message = status.message.isEmpty ? nil : status.message
        self.source = source
        self.reason = reason
        uuid = status.uuid
        timestamp = Double(status.timestamp) / 1000
    }

    /// The lab's form, for `frameworkID`; nil when the state is not one we know.
    public func status(frameworkID: String) -> TaskStatus? {
        guard let state = TaskState(rawValue: state) else { return nil }
        return TaskStatus(taskID: taskId.value, frameworkID: frameworkID, agentID: agentId?.value ?? "", state: state,
                          message: message ?? "", uuid: uuid, timestamp: Int64(((timestamp ?? 0) * 1000).rounded()))
    }
}

/// The wire form of an offer (`Offer`).
public struct MesosOffer: Codable, Hashable, Sendable {
    public var id: MesosID
    public var frameworkId: MesosID
    public var agentId: MesosID
    public var hostname: String
    public var resources: [MesosResource]

    public init(_ offer: Offer, hostname: String) {
        id = MesosID(offer.id)
        frameworkId = MesosID(offer.frameworkID)
        agentId = MesosID(offer.agentID)
        self.hostname = hostname
        resources = offer.resources.mesos
    }
}

/// `Filters`: how long declined resources stay away.
public struct MesosFilters: Codable, Hashable, Sendable {
    public var refuseSeconds: Double?
    public init(refuseSeconds: Double) { self.refuseSeconds = refuseSeconds }
}

/// JSON as Mesos writes it: snake_case keys.
public enum MesosJSON {
    public static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }
}
