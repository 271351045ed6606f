import NIOCore

/// Fetch (key 1), v4–11: a consumer (or follower) asks for records from
/// some partitions, starting at given offsets; the broker answers with the
/// stored record batches, untouched, as raw bytes.
public enum Fetch {
    /// The request.
    public struct Request: KafkaMessageCodable {
        /// Where to start reading one partition.
        public struct Partition: KafkaMessageCodable {
            public var partition: Int32
            /// v9+: the leader epoch the client knows, -1 if none.
            public var currentLeaderEpoch: Int32
            public var fetchOffset: Int64
            /// v5+: the follower's log start offset; -1 for consumers.
            public var logStartOffset: Int64
            /// The most bytes to return for this partition.
            public var partitionMaxBytes: Int32

            public init(partition: Int32, currentLeaderEpoch: Int32 = -1, fetchOffset: Int64, logStartOffset: Int64 = -1,
                        partitionMaxBytes: Int32) {
                self.partition = partition
                self.currentLeaderEpoch = currentLeaderEpoch
                self.fetchOffset = fetchOffset
                self.logStartOffset = logStartOffset
                self.partitionMaxBytes = partitionMaxBytes
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(partition: try buffer.readKafkaInteger("partition"),
                          currentLeaderEpoch: version >= 9 ? try buffer.readKafkaInteger("current_leader_epoch") : -1,
                          fetchOffset: try buffer.readKafkaInteger("fetch_offset"),
                          logStartOffset: version >= 5 ? try buffer.readKafkaInteger("log_start_offset") : -1,
                          partitionMaxBytes: try buffer.readKafkaInteger("partition_max_bytes"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(partition)
                if version >= 9 { buffer.writeInteger(currentLeaderEpoch) }
                buffer.writeInteger(fetchOffset)
                if version >= 5 { buffer.writeInteger(logStartOffset) }
                buffer.writeInteger(partitionMaxBytes)
            }
        }

        /// One topic's partitions to fetch.
        public typealias Topic = TopicPartitions<Partition>

        /// v7+: partitions to drop from an incremental fetch session.
        public struct ForgottenTopic: KafkaMessageCodable {
            public var name: String
            public var partitions: [Int32]

            public init(name: String, partitions: [Int32]) {
                self.name = name
                self.partitions = partitions
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> ForgottenTopic {
                ForgottenTopic(name: try buffer.readKafkaString("topic"), partitions: try buffer.readKafkaInt32Array("partitions"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeKafkaString(name)
                buffer.writeKafkaInt32Array(partitions)
            }
        }

        /// -1 for consumers; a broker id for followers.
        public var replicaID: Int32
        public var maxWaitMs: Int32
        public var minBytes: Int32
        public var maxBytes: Int32
        /// 0 = READ_UNCOMMITTED, 1 = READ_COMMITTED.
        public var isolationLevel: Int8
        /// v7+: the fetch session; 0 (with epoch -1) for a full fetch without a session.
        public var sessionID: Int32
        /// v7+: -1 for a full fetch, 0 to open a session.
        public var sessionEpoch: Int32
        public var topics: [Topic]
        /// v7+.
        public var forgottenTopics: [ForgottenTopic]
        /// v11+: the consumer's rack, "" if none.
        public var rackID: String

        public init(replicaID: Int32 = -1, maxWaitMs: Int32 = 500, minBytes: Int32 = 1, maxBytes: Int32 = 0x7fff_ffff,
                    isolationLevel: Int8 = 0, sessionID: Int32 = 0, sessionEpoch: Int32 = -1, topics: [Topic],
                    forgottenTopics: [ForgottenTopic] = [], rackID: String = "") {
            self.replicaID = replicaID
            self.maxWaitMs = maxWaitMs
            self.minBytes = minBytes
            self.maxBytes = maxBytes
            self.isolationLevel = isolationLevel
            self.sessionID = sessionID
            self.sessionEpoch = sessionEpoch
            self.topics = topics
            self.forgottenTopics = forgottenTopics
            self.rackID = rackID
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(replicaID: try buffer.readKafkaInteger("replica_id"),
                    maxWaitMs: try buffer.readKafkaInteger("max_wait_ms"),
                    minBytes: try buffer.readKafkaInteger("min_bytes"),
                    maxBytes: try buffer.readKafkaInteger("max_bytes"),
                    isolationLevel: try buffer.readKafkaInteger("isolation_level"),
                    sessionID: version >= 7 ? try buffer.readKafkaInteger("session_id") : 0,
                    sessionEpoch: version >= 7 ? try buffer.readKafkaInteger("session_epoch") : -1,
                    topics: try buffer.readKafkaArray("topics", of: Topic.self, version: version),
                    forgottenTopics: version >= 7
                        ? try buffer.readKafkaArray("forgotten_topics_data", of: ForgottenTopic.self, version: version) : [],
                    rackID: version >= 11 ? try buffer.readKafkaString("rack_id") : "")
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(replicaID)
            buffer.writeInteger(maxWaitMs)
            buffer.writeInteger(minBytes)
            buffer.writeInteger(maxBytes)
            buffer.writeInteger(isolationLevel)
            if version >= 7 {
                buffer.writeInteger(sessionID)
                buffer.writeInteger(sessionEpoch)
            }
            buffer.writeKafkaArray(topics, version: version)
            if version >= 7 { buffer.writeKafkaArray(forgottenTopics, version: version) }
            if version >= 11 { buffer.writeKafkaString(rackID) }
        }
    }

    /// The response.
    public struct Response: KafkaMessageCodable {
        /// A transaction aborted within the fetched range (READ_COMMITTED only).
        public struct AbortedTransaction: KafkaMessageCodable {
            public var producerID: Int64
            public var firstOffset: Int64

            public init(producerID: Int64, firstOffset: Int64) {
                self.producerID = producerID
                self.firstOffset = firstOffset
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> AbortedTransaction {
                AbortedTransaction(producerID: try buffer.readKafkaInteger("producer_id"),
                                   firstOffset: try buffer.readKafkaInteger("first_offset"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(producerID)
                buffer.writeInteger(firstOffset)
            }
        }

        /// One partition's data.
        public struct Partition: KafkaMessageCodable {
            public var partitionIndex: Int32
            public var errorCode: ErrorCode
            public var highWatermark: Int64
            public var lastStableOffset: Int64
            /// v5+.
            public var logStartOffset: Int64
            /// Nil (written as -1) or the aborted transactions in range.
            public var abortedTransactions: [AbortedTransaction]?
            /// v11+: the replica the consumer should fetch from instead, -1 for none.
            public var preferredReadReplica: Int32
            /// The stored record batches, untouched; the last may be cut short.
            public var records: ByteBuffer?

            public init(partitionIndex: Int32, errorCode: ErrorCode = .none, highWatermark: Int64,
                        lastStableOffset: Int64 = -1, logStartOffset: Int64 = -1,
                        abortedTransactions: [AbortedTransaction]? = nil, preferredReadReplica: Int32 = -1,
                        records: ByteBuffer?) {
                self.partitionIndex = partitionIndex
                self.errorCode = errorCode
                self.highWatermark = highWatermark
                self.lastStableOffset = lastStableOffset
                self.logStartOffset = logStartOffset
                self.abortedTransactions = abortedTransactions
                self.preferredReadReplica = preferredReadReplica
                self.records = records
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(partitionIndex: try buffer.readKafkaInteger("partition_index"),
                          errorCode: try buffer.readKafkaErrorCode(),
                          highWatermark: try buffer.readKafkaInteger("high_watermark"),
                          lastStableOffset: try buffer.readKafkaInteger("last_stable_offset"),
                          logStartOffset: version >= 5 ? try buffer.readKafkaInteger("log_start_offset") : -1,
                          abortedTransactions: try buffer.readKafkaNullableArray("aborted_transactions",
                                                                                 of: AbortedTransaction.self, version: version),
                          preferredReadReplica: version >= 11 ? try buffer.readKafkaInteger("preferred_read_replica") : -1,
                          records: try buffer.readKafkaNullableBytes("records"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(partitionIndex)
                buffer.writeInteger(errorCode.rawValue)
                buffer.writeInteger(highWatermark)
                buffer.writeInteger(lastStableOffset)
                if version >= 5 { buffer.writeInteger(logStartOffset) }
                buffer.writeKafkaArray(abortedTransactions, version: version)
                if version >= 11 { buffer.writeInteger(preferredReadReplica) }
                buffer.writeKafkaNullableBytes(records)
            }
        }

        /// One topic's partitions.
        public typealias Topic = TopicPartitions<Partition>

        public var throttleTimeMs: Int32
        /// v7+: an error for the whole fetch (e.g. an unknown session).
        public var errorCode: ErrorCode
        /// v7+: the fetch session, 0 for none.
        public var sessionID: Int32
        public var topics: [Topic]

        public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, sessionID: Int32 = 0, topics: [Topic]) {
            self.throttleTimeMs = throttleTimeMs
            self.errorCode = errorCode
            self.sessionID = sessionID
            self.topics = topics
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: try buffer.readKafkaInteger("throttle_time_ms"),
                     errorCode: version >= 7 ? try buffer.readKafkaErrorCode() : .none,
                     sessionID: version >= 7 ? try buffer.readKafkaInteger("session_id") : 0,
                     topics: try buffer.readKafkaArray("responses", of: Topic.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(throttleTimeMs)
            if version >= 7 {
                buffer.writeInteger(errorCode.rawValue)
                buffer.writeInteger(sessionID)
            }
            buffer.writeKafkaArray(topics, version: version)
        }
    }
}
