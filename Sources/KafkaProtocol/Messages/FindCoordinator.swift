import NIOCore

/// FindCoordinator (key 10), v0–2: a client asks which broker coordinates a
/// consumer group (or a transactional id).
public enum FindCoordinator {
    /// `keyType` for a consumer group.
    public static let groupKeyType: Int8 = 0
    /// `keyType` for a transactional id.
    public static let transactionKeyType: Int8 = 1

    /// The request.
    public struct Request: KafkaMessageCodable {
        /// The group id or transactional id.
        public var key: String
        /// v1+: `groupKeyType` or `transactionKeyType` (always a group in v0).
        public var keyType: Int8

        public init(key: String, keyType: Int8 = FindCoordinator.groupKeyType) {
            self.key = key
            self.keyType = keyType
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(key: try buffer.readKafkaString("key"),
                    keyType: version >= 1 ? try buffer.readKafkaInteger("key_type") : groupKeyType)
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(key)
            if version >= 1 { buffer.writeInteger(keyType) }
        }
    }

    /// The response: the coordinator's address.
    public struct Response: KafkaMessageCodable {
        /// v1+.
        public var throttleTimeMs: Int32
        public var errorCode: ErrorCode
        /// v1+.
        public var errorMessage: String?
        public var nodeID: Int32
        public var host: String
        public var port: Int32

        public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, errorMessage: String? = nil,
                    nodeID: Int32, host: String, port: Int32) {
            self.throttleTimeMs = throttleTimeMs
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.nodeID = nodeID
            self.host = host
            self.port = port
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 1 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     errorCode: try buffer.readKafkaErrorCode(),
                     errorMessage: version >= 1 ? try buffer.readKafkaNullableString("error_message") : nil,
                     nodeID: try buffer.readKafkaInteger("node_id"),
                     host: try buffer.readKafkaString("host"),
                     port: try buffer.readKafkaInteger("port"))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 1 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeInteger(errorCode.rawValue)
            if version >= 1 { buffer.writeKafkaNullableString(errorMessage) }
            buffer.writeInteger(nodeID)
            buffer.writeKafkaString(host)
            buffer.writeInteger(port)
        }
    }
}
