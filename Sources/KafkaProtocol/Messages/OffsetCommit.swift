import NIOCore

/// OffsetCommit (key 8), v2–7: a group member records how far it has
/// consumed each partition.
public enum OffsetCommit {
    /// The request.
    public struct Request: KafkaMessageCodable {
        /// One partition's committed position.
        public struct Partition: KafkaMessageCodable {
            public var partitionIndex: Int32
            /// The next offset to consume.
            public var committedOffset: Int64
            /// v6+: the leader epoch of the last consumed record, -1 if unknown.
            public var committedLeaderEpoch: Int32
            /// Free text stored with the offset.
            public var committedMetadata: String?

            public init(partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1,
                        committedMetadata: String? = nil) {
                self.partitionIndex = partitionIndex
                self.committedOffset = committedOffset
                self.committedLeaderEpoch = committedLeaderEpoch
                self.committedMetadata = committedMetadata
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(partitionIndex: try buffer.readKafkaInteger("partition_index"),
                          committedOffset: try buffer.readKafkaInteger("committed_offset"),
                          committedLeaderEpoch: version >= 6 ? try buffer.readKafkaInteger("committed_leader_epoch") : -1,
                          committedMetadata: try buffer.readKafkaNullableString("committed_metadata"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(partitionIndex)
                buffer.writeInteger(committedOffset)
                if version >= 6 { buffer.writeInteger(committedLeaderEpoch) }
                buffer.writeKafkaNullableString(committedMetadata)
            }
        }

        /// One topic's partitions.
        public typealias Topic = TopicPartitions<Partition>

        public var groupID: String
        /// -1 for a commit from outside the group (simple consumers).
        public var generationID: Int32
        /// "" for a commit from outside the group.
        public var memberID: String
        /// v7+: the static member id, nil for dynamic members.
        public var groupInstanceID: String?
        /// v2–4: how long to keep the offsets, -1 for the broker's default.
        public var retentionTimeMs: Int64
        public var topics: [Topic]

        public init(groupID: String, generationID: Int32 = -1, memberID: String = "", groupInstanceID: String? = nil,
                    retentionTimeMs: Int64 = -1, topics: [Topic]) {
            self.groupID = groupID
            self.generationID = generationID
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.retentionTimeMs = retentionTimeMs
            self.topics = topics
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(groupID: try buffer.readKafkaString("group_id"),
                    generationID: try buffer.readKafkaInteger("generation_id"),
                    memberID: try buffer.readKafkaString("member_id"),
                    groupInstanceID: version >= 7 ? try buffer.readKafkaNullableString("group_instance_id") : nil,
                    retentionTimeMs: version <= 4 ? try buffer.readKafkaInteger("retention_time_ms") : -1,
                    topics: try buffer.readKafkaArray("topics", of: Topic.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(groupID)
            buffer.writeInteger(generationID)
            buffer.writeKafkaString(memberID)
            if version >= 7 { buffer.writeKafkaNullableString(groupInstanceID) }
            if version <= 4 { buffer.writeInteger(retentionTimeMs) }
            buffer.writeKafkaArray(topics, version: version)
        }
    }

    /// The response: an error code per partition.
    public struct Response: KafkaMessageCodable {
        /// One partition's outcome.
        public struct Partition: KafkaMessageCodable {
            public var partitionIndex: Int32
            public var errorCode: ErrorCode

            public init(partitionIndex: Int32, errorCode: ErrorCode = .none) {
                self.partitionIndex = partitionIndex
                self.errorCode = errorCode
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(partitionIndex: try buffer.readKafkaInteger("partition_index"), errorCode: try buffer.readKafkaErrorCode())
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(partitionIndex)
                buffer.writeInteger(errorCode.rawValue)
            }
        }

        /// One topic's outcomes.
        public typealias Topic = TopicPartitions<Partition>

        /// v3+.
        public var throttleTimeMs: Int32
        public var topics: [Topic]

        public init(throttleTimeMs: Int32 = 0, topics: [Topic]) {
            self.throttleTimeMs = throttleTimeMs
            self.topics = topics
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 3 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     topics: try buffer.readKafkaArray("topics", of: Topic.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 3 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeKafkaArray(topics, version: version)
        }
    }
}
