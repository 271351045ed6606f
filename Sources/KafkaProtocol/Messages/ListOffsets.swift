import NIOCore

/// ListOffsets (key 2), v1–5: a consumer asks for the offset at a time in
/// each partition, or for the earliest (-2) or latest (-1) offset.
public enum ListOffsets {
    /// `timestamp` asking for the log end offset (the last stable offset under READ_COMMITTED).
    public static let latestTimestamp: Int64 = -1
    /// `timestamp` asking for the log start offset.
    public static let earliestTimestamp: Int64 = -2

    /// The request.
    public struct Request: KafkaMessageCodable {
        /// One partition to look up.
        public struct Partition: KafkaMessageCodable {
            public var partitionIndex: Int32
            /// v4+: the leader epoch the client knows, -1 if none.
            public var currentLeaderEpoch: Int32
            /// A time in milliseconds, or `latestTimestamp` / `earliestTimestamp`.
            public var timestamp: Int64

            public init(partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, timestamp: Int64) {
                self.partitionIndex = partitionIndex
                self.currentLeaderEpoch = currentLeaderEpoch
                self.timestamp = timestamp
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(partitionIndex: try buffer.readKafkaInteger("partition_index"),
                          currentLeaderEpoch: version >= 4 ? try buffer.readKafkaInteger("current_leader_epoch") : -1,
                          timestamp: try buffer.readKafkaInteger("timestamp"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(partitionIndex)
                if version >= 4 { buffer.writeInteger(currentLeaderEpoch) }
                buffer.writeInteger(timestamp)
            }
        }

        /// One topic's partitions to look up.
        public typealias Topic = TopicPartitions<Partition>

        /// -1 for consumers.
        public var replicaID: Int32
        /// v2+: 0 = READ_UNCOMMITTED, 1 = READ_COMMITTED.
        public var isolationLevel: Int8
        public var topics: [Topic]

        public init(replicaID: Int32 = -1, isolationLevel: Int8 = 0, topics: [Topic]) {
            self.replicaID = replicaID
            self.isolationLevel = isolationLevel
            self.topics = topics
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(replicaID: try buffer.readKafkaInteger("replica_id"),
                    isolationLevel: version >= 2 ? try buffer.readKafkaInteger("isolation_level") : 0,
                    topics: try buffer.readKafkaArray("topics", of: Topic.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(replicaID)
            if version >= 2 { buffer.writeInteger(isolationLevel) }
            buffer.writeKafkaArray(topics, version: version)
        }
    }

    /// The response.
    public struct Response: KafkaMessageCodable {
        /// The offset found in one partition.
        public struct Partition: KafkaMessageCodable {
            public var partitionIndex: Int32
            public var errorCode: ErrorCode
            /// The timestamp of the offset found, -1 if none.
            public var timestamp: Int64
            public var offset: Int64
            /// v4+: the leader epoch of the offset, -1 if unknown.
            public var leaderEpoch: Int32

            public init(partitionIndex: Int32, errorCode: ErrorCode = .none, timestamp: Int64 = -1, offset: Int64 = -1,
                        leaderEpoch: Int32 = -1) {
                self.partitionIndex = partitionIndex
                self.errorCode = errorCode
                self.timestamp = timestamp
                self.offset = offset
                self.leaderEpoch = leaderEpoch
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(partitionIndex: try buffer.readKafkaInteger("partition_index"),
                          errorCode: try buffer.readKafkaErrorCode(),
                          timestamp: try buffer.readKafkaInteger("timestamp"),
                          offset: try buffer.readKafkaInteger("offset"),
                          leaderEpoch: version >= 4 ? try buffer.readKafkaInteger("leader_epoch") : -1)
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(partitionIndex)
                buffer.writeInteger(errorCode.rawValue)
                buffer.writeInteger(timestamp)
                buffer.writeInteger(offset)
                if version >= 4 { buffer.writeInteger(leaderEpoch) }
            }
        }

        /// One topic's results.
        public typealias Topic = TopicPartitions<Partition>

        /// v2+.
        public var throttleTimeMs: Int32
        public var topics: [Topic]

        public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
            self.throttleTimeMs = throttleTimeMs
            self.topics = topics
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 2 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     topics: try buffer.readKafkaArray("topics", of: Topic.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 2 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeKafkaArray(topics, version: version)
        }
    }
}
