import NIOCore

/// InitProducerId (key 22), v0–1: an idempotent or transactional producer
/// asks for a producer id and epoch to stamp on its batches. v0 and v1 share
/// one layout (v1 only means "answer before throttling").
public enum InitProducerID {
    /// The request.
    public struct Request: KafkaMessageCodable {
        /// Nil for an idempotent producer that is not transactional.
        public var transactionalID: String?
        public var transactionTimeoutMs: Int32

        public init(transactionalID: String? = nil, transactionTimeoutMs: Int32) {
            self.transactionalID = transactionalID
            self.transactionTimeoutMs = transactionTimeoutMs
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(transactionalID: try buffer.readKafkaNullableString("transactional_id"),
                    transactionTimeoutMs: try buffer.readKafkaInteger("transaction_timeout_ms"))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaNullableString(transactionalID)
            buffer.writeInteger(transactionTimeoutMs)
        }
    }

    /// The response: the producer id and epoch.
    public struct Response: KafkaMessageCodable {
        public var throttleTimeMs: Int32
        public var errorCode: ErrorCode
        /// -1 on error.
        public var producerID: Int64
        public var producerEpoch: Int16

        public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, producerID: Int64 = -1, producerEpoch: Int16 = 0) {
            self.throttleTimeMs = throttleTimeMs
            self.errorCode = errorCode
            self.producerID = producerID
            self.producerEpoch = producerEpoch
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: try buffer.readKafkaInteger("throttle_time_ms"),
                     errorCode: try buffer.readKafkaErrorCode(),
                     producerID: try buffer.readKafkaInteger("producer_id"),
                     producerEpoch: try buffer.readKafkaInteger("producer_epoch"))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(throttleTimeMs)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(producerID)
            buffer.writeInteger(producerEpoch)
        }
    }
}
