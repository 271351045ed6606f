import NIOCore

/// Produce (key 0), v3–8: a producer sends record batches for some
/// partitions; the broker appends them and answers with their base offsets.
/// The batches stay raw bytes here: the broker stores and serves them as
/// they came. (With acks = 0 the broker sends no response; that is broker
/// behaviour, not the codec's.)
public enum Produce {
    /// The request: v3–8 share one layout.
    public struct Request: KafkaMessageCodable {
        /// One partition's records.
        public struct Partition: KafkaMessageCodable {
            public var index: Int32
            /// The record batches, untouched (nil when the client sent null).
            public var records: ByteBuffer?

            public init(index: Int32, records: ByteBuffer?) {
                self.index = index
                self.records = records
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(index: try buffer.readKafkaInteger("index"), records: try buffer.readKafkaNullableBytes("records"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(index)
                buffer.writeKafkaNullableBytes(records)
            }
        }

        /// One topic's partitions.
        public typealias Topic = TopicPartitions<Partition>

        /// The transactional producer's id, nil when not transactional.
        public var transactionalID: String?
        /// 0 = no response, 1 = the leader's append, -1 = every in-sync replica.
        public var acks: Int16
        public var timeoutMs: Int32
        public var topics: [Topic]

        public init(transactionalID: String? = nil, acks: Int16 = -1, timeoutMs: Int32 = 30_000, topics: [Topic]) {
            self.transactionalID = transactionalID
            self.acks = acks
            self.timeoutMs = timeoutMs
            self.topics = topics
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(transactionalID: try buffer.readKafkaNullableString("transactional_id"),
                    acks: try buffer.readKafkaInteger("acks"),
                    timeoutMs: try buffer.readKafkaInteger("timeout_ms"),
                    topics: try buffer.readKafkaArray("topic_data", of: Topic.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaNullableString(transactionalID)
            buffer.writeInteger(acks)
            buffer.writeInteger(timeoutMs)
            buffer.writeKafkaArray(topics, version: version)
        }
    }

    /// The response; note `throttleTimeMs` comes at the end of the body.
    public struct Response: KafkaMessageCodable {
        /// v8: why one batch of a partition was refused.
        public struct RecordError: KafkaMessageCodable {
            public var batchIndex: Int32
            public var message: String?

            public init(batchIndex: Int32, message: String? = nil) {
                self.batchIndex = batchIndex
                self.message = message
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> RecordError {
                RecordError(batchIndex: try buffer.readKafkaInteger("batch_index"),
                            message: try buffer.readKafkaNullableString("batch_index_error_message"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(batchIndex)
                buffer.writeKafkaNullableString(message)
            }
        }

        /// The outcome for one partition.
        public struct Partition: KafkaMessageCodable {
            public var index: Int32
            public var errorCode: ErrorCode
            /// The offset given to the first record appended.
            public var baseOffset: Int64
            /// -1 unless the topic uses LogAppendTime.
            public var logAppendTimeMs: Int64
            /// v5+: the partition's log start offset.
            public var logStartOffset: Int64
            /// v8: per-batch errors.
            public var recordErrors: [RecordError]
            /// v8: a message for the whole partition's error.
            public var errorMessage: String?

            public init(index: Int32, errorCode: ErrorCode = .none, baseOffset: Int64, logAppendTimeMs: Int64 = -1,
                        logStartOffset: Int64 = -1, recordErrors: [RecordError] = [], errorMessage: String? = nil) {
                self.index = index
                self.errorCode = errorCode
                self.baseOffset = baseOffset
                self.logAppendTimeMs = logAppendTimeMs
                self.logStartOffset = logStartOffset
                self.recordErrors = recordErrors
                self.errorMessage = errorMessage
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Partition {
                Partition(index: try buffer.readKafkaInteger("index"),
                          errorCode: try buffer.readKafkaErrorCode(),
                          baseOffset: try buffer.readKafkaInteger("base_offset"),
                          logAppendTimeMs: try buffer.readKafkaInteger("log_append_time_ms"),
                          logStartOffset: version >= 5 ? try buffer.readKafkaInteger("log_start_offset") : -1,
                          recordErrors: version >= 8
                              ? try buffer.readKafkaArray("record_errors", of: RecordError.self, version: version) : [],
                          errorMessage: version >= 8 ? try buffer.readKafkaNullableString("error_message") : nil)
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeInteger(index)
                buffer.writeInteger(errorCode.rawValue)
                buffer.writeInteger(baseOffset)
                buffer.writeInteger(logAppendTimeMs)
                if version >= 5 { buffer.writeInteger(logStartOffset) }
                if version >= 8 {
                    buffer.writeKafkaArray(recordErrors, version: version)
                    buffer.writeKafkaNullableString(errorMessage)
                }
            }
        }

        /// One topic's outcomes.
        public typealias Topic = TopicPartitions<Partition>

        public var topics: [Topic]
        /// Written after `topics`, unlike most responses.
        public var throttleTimeMs: Int32

        public init(topics: [Topic], throttleTimeMs: Int32 = 0) {
            self.topics = topics
            self.throttleTimeMs = throttleTimeMs
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(topics: try buffer.readKafkaArray("responses", of: Topic.self, version: version),
                     throttleTimeMs: try buffer.readKafkaInteger("throttle_time_ms"))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaArray(topics, version: version)
            buffer.writeInteger(throttleTimeMs)
        }
    }
}
