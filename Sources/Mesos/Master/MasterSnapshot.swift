import Contracts
import Foundation

/// `GET /master/state`: what the master knows, shaped like Mesos' own
/// (`frameworks[].tasks[]`, agents under their old name `slaves`).
public struct MasterSnapshot: Codable, Sendable {
    public struct Task: Codable, Sendable {
        public var id: String
        public var name: String
        public var frameworkId: String
        public var slaveId: String
        public var state: String
        public var message: String?
        public var resources: [String: Double]
    }

    public struct Framework: Codable, Sendable {
        public var id: String
        public var name: String
        public var active: Bool
        public var role: String
        public var usedResources: [String: Double]
        public var offeredResources: [String: Double]
        public var tasks: [Task]
        public var completedTasks: [Task]
    }

    public struct Slave: Codable, Sendable {
        public var id: String
        public var hostname: String
        public var active: Bool
        public var resources: [String: Double]
        public var usedResources: [String: Double]
    }

    public var version: String
    public var id: String
    public var hostname: String
    public var port: Int
    public var startTime: Double
    public var frameworks: [Framework]
    public var slaves: [Slave]
    /// Agents from the registry that have not re-registered yet.
    public var recoveringSlaves: [String]
    public var outstandingOffers: Int
    public var pendingStatusUpdates: Int
}

extension Master {
    /// The master's state for `/master/state`.
    public func snapshot() -> MasterSnapshot {
        func task(_ key: TaskKey, _ entry: TaskEntry) -> MasterSnapshot.Task {
            MasterSnapshot.Task(id: key.taskID, name: entry.info.name, frameworkId: entry.frameworkID, slaveId: entry.agentID,
                                state: entry.status.state.rawValue, message: entry.status.message.isEmpty ? nil : entry.status.message,
                                resources: entry.resources.scalars)
        }
        let offers = offerBook.outstanding
        let live = tasks.filter { !$0.value.status.state.isTerminal }
        func sum(_ list: [Resources]) -> [String: Double] {
            var total: [String: Double] = [:]
            for resources in list { for (name, value) in resources.scalars { total[name, default: 0] += value } }
            return total.mapValues(Resources.round)
        }
        let frameworkList = frameworks.values.sorted { $0.id < $1.id }.map { framework in
            let mine = tasks.filter { $0.key.frameworkID == framework.id }.sorted { $0.key.taskID < $1.key.taskID }
            return MasterSnapshot.Framework(
                id: framework.id, name: framework.info.name ?? "", active: framework.isConnected, role: framework.info.effectiveRole,
                usedResources: sum(mine.filter { !$0.value.status.state.isTerminal }.map(\.value.resources)),
                offeredResources: sum(offers.filter { $0.frameworkID == framework.id }.map(\.resources)),
                tasks: mine.filter { !$0.value.status.state.isTerminal }.map { task($0.key, $0.value) },
                completedTasks: mine.filter { $0.value.status.state.isTerminal }.map { task($0.key, $0.value) })
        }
        let slaves = agents.values.sorted { $0.id < $1.id }.map { agent in
            MasterSnapshot.Slave(id: agent.id, hostname: agent.info.hostname, active: agent.stream != nil,
                                 resources: agent.total.scalars,
                                 usedResources: sum(live.values.filter { $0.agentID == agent.id }.map(\.resources)))
        }
        return MasterSnapshot(version: mesosAPIVersion, id: runID, hostname: hostname, port: port,
                              startTime: Double(startedAt) / 1000, frameworks: frameworkList, slaves: slaves,
                              recoveringSlaves: recovering.keys.sorted(), outstandingOffers: offers.count,
                              pendingStatusUpdates: statusUpdates.pending.count)
    }
}
