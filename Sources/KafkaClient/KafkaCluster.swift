import KafkaProtocol
import NIOCore
import NIOPosix

/// The cluster as one producer or consumer sees it: the bootstrap servers,
/// the brokers and partition leaders that Metadata names (connecting to the
/// host and port each broker advertises), one shared `KafkaConnection` per
/// broker, and the coordinator of each consumer group (with a connection of
/// its own for a group member's JoinGroup, SyncGroup and Heartbeat).
///
/// Connections that close are reopened on next use; stale knowledge is
/// dropped through `invalidate(_:)` so the next call asks again.
actor KafkaCluster {
    let bootstrapServers: [BrokerAddress]
    let connectionConfiguration: KafkaConnection.Configuration
    let allowAutoTopicCreation: Bool
    private let eventLoopGroup: any EventLoopGroup
    /// Node id → address, from the latest Metadata.
    private var brokers: [Int32: BrokerAddress] = [:]
    private var topics: [String: TopicMetadata] = [:]
    private var coordinators: [String: BrokerAddress] = [:]
    /// A shared connection to an address (`group` nil), or one kept for a group's membership requests.
    private struct ConnectionKey: Hashable {
        var address: BrokerAddress
        var group: String?
    }
    /// One connection per key; a task so concurrent callers share one connect.
    private var connections: [ConnectionKey: Task<KafkaConnection, any Error>] = [:]
    private var isClosed = false

    init(bootstrapServers: [String], connection: KafkaConnection.Configuration, allowAutoTopicCreation: Bool = true,
         eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.bootstrapServers = try bootstrapServers.map(BrokerAddress.init)
        guard !self.bootstrapServers.isEmpty else {
            throw KafkaClientError.noBrokerAvailable([], reason: "no bootstrap servers given")
        }
        connectionConfiguration = connection
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.eventLoopGroup = eventLoopGroup
    }

    /// The open (shared) connection to `address`, connecting first if there is none.
    func connection(to address: BrokerAddress) async throws -> KafkaConnection {
        try await connection(ConnectionKey(address: address, group: nil))
    }

    private func connection(_ key: ConnectionKey) async throws -> KafkaConnection {
        if isClosed { throw KafkaClientError.closed }
        let address = key.address
        for _ in 0..<2 {
            let task: Task<KafkaConnection, any Error>
            if let existing = connections[key] {
                task = existing
            } else {
                let configuration = connectionConfiguration
                let group = eventLoopGroup
                task = Task { try await KafkaConnection.connect(to: address, configuration: configuration, eventLoopGroup: group) }
                connections[key] = task
            }
            do {
                let connection = try await task.value
                if await !connection.isClosed { return connection }
            } catch {
                if connections[key] == task { connections[key] = nil }
                throw error
            }
            if connections[key] == task { connections[key] = nil }
        }
        throw KafkaClientError.connectionClosed(address, reason: "closed as soon as it opened")
    }

    /// The connection to broker `node`, as the latest Metadata addresses it.
    func connection(toNode node: Int32) async throws -> KafkaConnection {
        guard let address = brokers[node] else {
            throw KafkaClientError.broker(.leaderNotAvailable, context: "no address known for broker \(node)")
        }
        return try await connection(to: address)
    }

    /// A connection to any broker: a known one, else the bootstrap servers in turn.
    func anyConnection() async throws -> KafkaConnection {
        let candidates = Array(Set(brokers.values)).sorted { $0.description < $1.description } + bootstrapServers
        var lastError: any Error = KafkaClientError.closed
        for address in candidates {
            do { return try await connection(to: address) } catch { lastError = error }
        }
        guard lastError is KafkaClientError else { throw lastError }
        throw KafkaClientError.noBrokerAvailable(candidates, reason: "\(lastError)")
    }

    /// Asks Metadata about `names` and remembers the brokers and leaders.
    func refreshMetadata(_ names: [String]) async throws {
        let connection = try await anyConnection()
        let response = try await connection.send(Metadata.Request(topics: names, allowAutoTopicCreation: allowAutoTopicCreation))
        for broker in response.brokers {
            brokers[broker.nodeID] = BrokerAddress(host: broker.host, port: Int(broker.port))
        }
        for topic in response.topics where names.contains(topic.name) {
            topics[topic.name] = try TopicMetadata(topic)
        }
    }

    /// The topic's partitions and leaders, asking Metadata if not yet known.
    func metadata(of topic: String) async throws -> TopicMetadata {
        if let known = topics[topic] { return known }
        try await refreshMetadata([topic])
        guard let known = topics[topic] else {
            throw KafkaClientError.broker(.unknownTopicOrPartition, context: "Metadata for topic \(topic)")
        }
        return known
    }

    /// The partition's leader (node id), asking Metadata if not yet known.
    func leader(of partition: TopicPartition) async throws -> Int32 {
        let topic = try await metadata(of: partition.topic)
        guard partition.partition >= 0, Int(partition.partition) < topic.partitionCount else {
            throw KafkaClientError.unknownPartition(partition)
        }
        let leader = topic.leaders[Int(partition.partition)]
        guard leader >= 0 else {
            topics[partition.topic] = nil
            throw KafkaClientError.broker(.leaderNotAvailable, context: "partition \(partition)")
        }
        return leader
    }

    /// The connection to the partition's leader.
    func leaderConnection(for partition: TopicPartition) async throws -> KafkaConnection {
        try await connection(toNode: try await leader(of: partition))
    }

    /// The (shared) connection to the coordinator of consumer group `group`.
    func coordinator(of group: String) async throws -> KafkaConnection {
        try await connection(to: try await coordinatorAddress(of: group))
    }

    /// A connection to the coordinator of `group` for that group's membership
    /// requests only. JoinGroup and SyncGroup wait at the coordinator for the
    /// whole rebalance, and a broker answers a connection's requests in order:
    /// on the shared connection they would hold up fetches and commits (Kafka's
    /// clients keep such a connection apart too).
    func membershipConnection(of group: String) async throws -> KafkaConnection {
        try await connection(ConnectionKey(address: try await coordinatorAddress(of: group), group: group))
    }

    /// Where the coordinator of consumer group `group` is (FindCoordinator, remembered).
    private func coordinatorAddress(of group: String) async throws -> BrokerAddress {
        if let address = coordinators[group] { return address }
        let response = try await anyConnection().send(FindCoordinator.Request(key: group))
        guard response.errorCode == .none else {
            throw KafkaClientError.broker(response.errorCode, context: "FindCoordinator for group \(group)")
        }
        let address = BrokerAddress(host: response.host, port: Int(response.port))
        coordinators[group] = address
        return address
    }

    /// Forgets what `error` shows to be stale: leaders after a leadership
    /// error, the connection after a connection error, the coordinator after a
    /// coordinator error. The next call asks (or connects) again.
    func invalidate(after error: KafkaClientError) async {
        switch error {
        case .connectionClosed(let address, _), .requestTimedOut(let address, _):
            connections[ConnectionKey(address: address, group: nil)] = nil
            topics = [:]
            coordinators = coordinators.filter { $0.value != address }
        case .broker(let code, _) where code == .notCoordinator || code == .coordinatorNotAvailable:
            coordinators = [:]
        default:
            topics = [:]
        }
    }

    /// Closes every connection; later calls throw `KafkaClientError.closed`.
    func close() async {
        isClosed = true
        let tasks = connections.values
        connections = [:]
        for task in tasks {
            if let connection = try? await task.value { await connection.close() }
        }
    }
}
