import NIOCore

/// OffsetFetch (key 9), v1–5: a group member asks for the offsets its group
/// committed, to know where to resume.
public enum OffsetFetch {
    /// The request.
    public struct Request: KafkaMessageCodable {
        /// The partitions of one topic to look up.
        public struct Topic: KafkaMessageCodable {
            public var name: String
            public var partitionIndexes: [Int32]

            public init(name: String, partitionIndexes: [Int32]) {
                self.name = name
                self.partitionIndexes = partitionIndexes
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Topic {
                Topic(name: try buffer.readKafkaString("name"), partitionIndexes: try buffer.readKafkaInt32Array("partition_indexes"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeKafkaString(name)
                buffer.writeKafkaInt32Array(partitionIndexes)
            }
        }

        public var groupID: String
        /// The topics to look up; nil (v2+ only) means every topic with a
        /// committed offset. v1 has no null: nil is written as an empty array.
        public var topics: [Topic]?

        public init(groupID: String, topics: [Topic]?) {
            self.groupID = groupID
            self.topics = topics
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            let groupID = try buffer.readKafkaString("group_id")
            let topics = version >= 2
                ? try buffer.readKafkaNullableArray("topics", of: Topic.self, version: version)
                : try buffer.readKafkaArray("topics", of: Topic.self, version: version)
            return Request(groupID: groupID, topics: topics)
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(groupID)
            buffer.writeKafkaArray(version >= 2 ? topics : topics ?? [], version: version)
        }
    }

    /// The response. From v2 the group-level error comes after the topics.
    public struct Response: KafkaMessageCodable {
        /// One partition's committed offset.
        public struct Partition: KafkaMessageCodable {
            public var partitionIndex: Int32
            /// -1 if nothing was committed.
            public var committedOffset: Int64
            /// v5+: -1 if unknown.
            public var committedLeaderEpoch: Int32
            public var metadata: String?
            public var errorCode: ErrorCode

            public init(partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1,
                        metadata: String? = "", errorCode: ErrorCode = .none) {
                self.partitionIndex = partitionIndex
                self.committedOffset = committedOffset
                self.committedLeaderEpoch = committedLeaderEpoch
                self.metadata = metadata
                self.errorCode = errorCode
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(partitionIndex: try buffer.readKafkaInteger("partition_index"),
                          committedOffset: try buffer.readKafkaInteger("committed_offset"),
                          committedLeaderEpoch: version >= 5 ? try buffer.readKafkaInteger("committed_leader_epoch") : -1,
                          metadata: try buffer.readKafkaNullableString("metadata"),
                          errorCode: try buffer.readKafkaErrorCode())
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(partitionIndex)
                buffer.writeInteger(committedOffset)
                if version >= 5 { buffer.writeInteger(committedLeaderEpoch) }
                buffer.writeKafkaNullableString(metadata)
                buffer.writeInteger(errorCode.rawValue)
            }
        }

        /// One topic's committed offsets.
        public typealias Topic = TopicPartitions<Partition>

        /// v3+.
        public var throttleTimeMs: Int32
        public var topics: [Topic]
        /// v2+: the group-level error, written after `topics`. v1 has no such
        /// field; a v1 broker puts the group error in every partition.
        public var errorCode: ErrorCode

        public init(throttleTimeMs: Int32 = 0, topics: [Topic], errorCode: ErrorCode = .none) {
            self.throttleTimeMs = throttleTimeMs
            self.topics = topics
            self.errorCode = errorCode
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 3 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     topics: try buffer.readKafkaArray("topics", of: Topic.self, version: version),
                     errorCode: version >= 2 ? try buffer.readKafkaErrorCode() : .none)
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 3 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeKafkaArray(topics, version: version)
            if version >= 2 { buffer.writeInteger(errorCode.rawValue) }
        }
    }
}
