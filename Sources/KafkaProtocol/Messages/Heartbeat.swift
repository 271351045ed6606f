import NIOCore

/// Heartbeat (key 12), v0–3: a group member says it is alive; the answer's
/// error tells it when to rejoin (e.g. REBALANCE_IN_PROGRESS).
public enum Heartbeat {
    /// The request: who is beating, in which generation.
    public struct Request: KafkaMessageCodable {
        public var groupID: String
        public var generationID: Int32
        public var memberID: String
        /// v3+: the static member id, nil for dynamic members.
        public var groupInstanceID: String?

        public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil) {
            self.groupID = groupID
            self.generationID = generationID
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(groupID: try buffer.readKafkaString("group_id"),
                    generationID: try buffer.readKafkaInteger("generation_id"),
                    memberID: try buffer.readKafkaString("member_id"),
                    groupInstanceID: version >= 3 ? try buffer.readKafkaNullableString("group_instance_id") : nil)
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(groupID)
            buffer.writeInteger(generationID)
            buffer.writeKafkaString(memberID)
            if version >= 3 { buffer.writeKafkaNullableString(groupInstanceID) }
        }
    }

    /// The response: just an error code (and, v1+, the throttle time).
    public struct Response: KafkaMessageCodable {
        /// v1+.
        public var throttleTimeMs: Int32
        public var errorCode: ErrorCode

        public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none) {
            self.throttleTimeMs = throttleTimeMs
            self.errorCode = errorCode
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 1 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     errorCode: try buffer.readKafkaErrorCode())
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 1 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeInteger(errorCode.rawValue)
        }
    }
}
