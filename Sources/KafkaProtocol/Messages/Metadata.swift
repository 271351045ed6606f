import NIOCore

/// Metadata (key 3), v0–8: which brokers the cluster has and, for each
/// topic asked about, its partitions and their leaders. Clients send it
/// first to learn where to produce and fetch.
public enum Metadata {
    /// The request: which topics to describe.
    public struct Request: KafkaMessageCodable {
        /// The topics to describe; nil means all topics. In v0 an empty
        /// array is how "all topics" is written (there is no null), so v0
        /// reads an empty array as nil and writes nil as an empty array.
        public var topics: [String]?
        /// v4+: whether the broker may create missing topics (implied true before v4).
        public var allowAutoTopicCreation: Bool
        /// v8: whether to fill in `Response.clusterAuthorizedOperations`.
        public var includeClusterAuthorizedOperations: Bool
        /// v8: whether to fill in each topic's `topicAuthorizedOperations`.
        public var includeTopicAuthorizedOperations: Bool

        public init(topics: [String]?, allowAutoTopicCreation: Bool = true,
                    includeClusterAuthorizedOperations: Bool = false, includeTopicAuthorizedOperations: Bool = false) {
            self.topics = topics
            self.allowAutoTopicCreation = allowAutoTopicCreation
            self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
            self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            let topics: [String]?
            if version >= 1 {
                topics = try buffer.readKafkaNullableArray("topics", minimumElementSize: 2) { try $0.readKafkaString("name") }
            } else {
                let names = try buffer.readKafkaArray("topics", minimumElementSize: 2) { try $0.readKafkaString("name") }
                topics = names.isEmpty ? nil : names
            }
            return Request(
                topics: topics,
                allowAutoTopicCreation: version >= 4 ? try buffer.readKafkaBool("allow_auto_topic_creation") : true,
                includeClusterAuthorizedOperations:
                    version >= 8 ? try buffer.readKafkaBool("include_cluster_authorized_operations") : false,
                includeTopicAuthorizedOperations:
                    version >= 8 ? try buffer.readKafkaBool("include_topic_authorized_operations") : false)
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaNullableArray(version >= 1 ? topics : topics ?? []) { $0.writeKafkaString($1) }
            if version >= 4 { buffer.writeKafkaBool(allowAutoTopicCreation) }
            if version >= 8 {
                buffer.writeKafkaBool(includeClusterAuthorizedOperations)
                buffer.writeKafkaBool(includeTopicAuthorizedOperations)
            }
        }
    }

    /// The response: the brokers, the controller and the topics asked about.
    public struct Response: KafkaMessageCodable {
        /// "Not requested" for the v8 authorized-operations fields.
        public static let authorizedOperationsNotRequested = Int32.min

        /// A broker the client can connect to.
        public struct Broker: KafkaMessageCodable {
            public var nodeID: Int32
            public var host: String
            public var port: Int32
            /// v1+: the broker's rack, if any.
            public var rack: String?

            public init(nodeID: Int32, host: String, port: Int32, rack: String? = nil) {
                self.nodeID = nodeID
                self.host = host
                self.port = port
                self.rack = rack
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Broker {
                Broker(nodeID: try buffer.readKafkaInteger("node_id"),
                       host: try buffer.readKafkaString("host"),
                       port: try buffer.readKafkaInteger("port"),
                       rack: version >= 1 ? try buffer.readKafkaNullableString("rack") : nil)
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(nodeID)
                buffer.writeKafkaString(host)
                buffer.writeInteger(port)
                if version >= 1 { buffer.writeKafkaNullableString(rack) }
            }
        }

        /// One partition of a topic: its leader and replicas.
        public struct Partition: KafkaMessageCodable {
            public var errorCode: ErrorCode
            public var partitionIndex: Int32
            /// The leader's node id, -1 if there is none.
            public var leaderID: Int32
            /// v7+: the leader epoch, -1 if unknown.
            public var leaderEpoch: Int32
            public var replicaNodes: [Int32]
            /// The in-sync replicas.
            public var isrNodes: [Int32]
            /// v5+: replicas that are offline.
            public var offlineReplicas: [Int32]

            public init(errorCode: ErrorCode = .none, partitionIndex: Int32, leaderID: Int32, leaderEpoch: Int32 = -1,
                        replicaNodes: [Int32], isrNodes: [Int32], offlineReplicas: [Int32] = []) {
                self.errorCode = errorCode
                self.partitionIndex = partitionIndex
                self.leaderID = leaderID
                self.leaderEpoch = leaderEpoch
                self.replicaNodes = replicaNodes
                self.isrNodes = isrNodes
                self.offlineReplicas = offlineReplicas
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(errorCode: try buffer.readKafkaErrorCode(),
                          partitionIndex: try buffer.readKafkaInteger("partition_index"),
                          leaderID: try buffer.readKafkaInteger("leader_id"),
                          leaderEpoch: version >= 7 ? try buffer.readKafkaInteger("leader_epoch") : -1,
                          replicaNodes: try buffer.readKafkaInt32Array("replica_nodes"),
                          isrNodes: try buffer.readKafkaInt32Array("isr_nodes"),
                          offlineReplicas: version >= 5 ? try buffer.readKafkaInt32Array("offline_replicas") : [])
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(errorCode.rawValue)
                buffer.writeInteger(partitionIndex)
                buffer.writeInteger(leaderID)
                if version >= 7 { buffer.writeInteger(leaderEpoch) }
                buffer.writeKafkaInt32Array(replicaNodes)
                buffer.writeKafkaInt32Array(isrNodes)
                if version >= 5 { buffer.writeKafkaInt32Array(offlineReplicas) }
            }
        }

        /// One topic: its error (e.g. unknown topic) and partitions.
        public struct Topic: KafkaMessageCodable {
            public var errorCode: ErrorCode
            public var name: String
            /// v1+: whether this is an internal topic such as `__consumer_offsets`.
            public var isInternal: Bool
            public var partitions: [Partition]
            /// v8: a bit field of allowed operations, or `authorizedOperationsNotRequested`.
            public var topicAuthorizedOperations: Int32

            public init(errorCode: ErrorCode = .none, name: String, isInternal: Bool = false, partitions: [Partition],
                        topicAuthorizedOperations: Int32 = Response.authorizedOperationsNotRequested) {
                self.errorCode = errorCode
                self.name = name
                self.isInternal = isInternal
                self.partitions = partitions
                self.topicAuthorizedOperations = topicAuthorizedOperations
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Topic {
                Topic(errorCode: try buffer.readKafkaErrorCode(),
                      name: try buffer.readKafkaString("name"),
                      isInternal: version >= 1 ? try buffer.readKafkaBool("is_internal") : false,
                      partitions: try buffer.readKafkaArray("partitions", of: Partition.self, version: version),
                      topicAuthorizedOperations: version >= 8
                          ? try buffer.readKafkaInteger("topic_authorized_operations") : authorizedOperationsNotRequested)
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(errorCode.rawValue)
                buffer.writeKafkaString(name)
                if version >= 1 { buffer.writeKafkaBool(isInternal) }
                buffer.writeKafkaArray(partitions, version: version)
                if version >= 8 { buffer.writeInteger(topicAuthorizedOperations) }
            }
        }

        /// v3+: how long the client was throttled, in milliseconds.
        public var throttleTimeMs: Int32
        public var brokers: [Broker]
        /// v2+: the cluster id, if known.
        public var clusterID: String?
        /// v1+: the controller's node id, -1 if unknown.
        public var controllerID: Int32
        public var topics: [Topic]
        /// v8: a bit field of allowed cluster operations, or `authorizedOperationsNotRequested`.
        public var clusterAuthorizedOperations: Int32

        public init(throttleTimeMs: Int32 = 0, brokers: [Broker], clusterID: String? = nil, controllerID: Int32 = -1,
                    topics: [Topic], clusterAuthorizedOperations: Int32 = Response.authorizedOperationsNotRequested) {
            self.throttleTimeMs = throttleTimeMs
            self.brokers = brokers
            self.clusterID = clusterID
            self.controllerID = controllerID
            self.topics = topics
            self.clusterAuthorizedOperations = clusterAuthorizedOperations
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 3 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     brokers: try buffer.readKafkaArray("brokers", of: Broker.self, version: version),
                     clusterID: version >= 2 ? try buffer.readKafkaNullableString("cluster_id") : nil,
                     controllerID: version >= 1 ? try buffer.readKafkaInteger("controller_id") : -1,
                     topics: try buffer.readKafkaArray("topics", of: Topic.self, version: version),
                     clusterAuthorizedOperations: version >= 8
                         ? try buffer.readKafkaInteger("cluster_authorized_operations") : authorizedOperationsNotRequested)
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 3 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeKafkaArray(brokers, version: version)
            if version >= 2 { buffer.writeKafkaNullableString(clusterID) }
            if version >= 1 { buffer.writeInteger(controllerID) }
            buffer.writeKafkaArray(topics, version: version)
            if version >= 8 { buffer.writeInteger(clusterAuthorizedOperations) }
        }
    }
}
