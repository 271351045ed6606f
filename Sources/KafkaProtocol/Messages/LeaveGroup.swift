import NIOCore

/// LeaveGroup (key 13), v0–3: one member (v0–2) or several (v3+) leave a
/// group, so the coordinator can rebalance without waiting for a timeout.
public enum LeaveGroup {
    /// The request.
    public struct Request: KafkaMessageCodable {
        /// v3+: one member leaving.
        public struct Member: KafkaMessageCodable {
            public var memberID: String
            public var groupInstanceID: String?

            public init(memberID: String, groupInstanceID: String? = nil) {
                self.memberID = memberID
                self.groupInstanceID = groupInstanceID
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Member {
                Member(memberID: try buffer.readKafkaString("member_id"),
                       groupInstanceID: try buffer.readKafkaNullableString("group_instance_id"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeKafkaString(memberID)
                buffer.writeKafkaNullableString(groupInstanceID)
            }
        }

        public var groupID: String
        /// v0–2: the member leaving ("" when absent, in v3+).
        public var memberID: String
        /// v3+: the members leaving (empty when absent, in v0–2).
        public var members: [Member]

        public init(groupID: String, memberID: String = "", members: [Member] = []) {
            self.groupID = groupID
            self.memberID = memberID
            self.members = members
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(groupID: try buffer.readKafkaString("group_id"),
                    memberID: version <= 2 ? try buffer.readKafkaString("member_id") : "",
                    members: version >= 3 ? try buffer.readKafkaArray("members", of: Member.self, version: version) : [])
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(groupID)
            if version <= 2 { buffer.writeKafkaString(memberID) }
            if version >= 3 { buffer.writeKafkaArray(members, version: version) }
        }
    }

    /// The response.
    public struct Response: KafkaMessageCodable {
        /// v3+: the outcome for one member that asked to leave.
        public struct Member: KafkaMessageCodable {
            public var memberID: String
            public var groupInstanceID: String?
            public var errorCode: ErrorCode

            public init(memberID: String, groupInstanceID: String? = nil, errorCode: ErrorCode = .none) {
                self.memberID = memberID
                self.groupInstanceID = groupInstanceID
                self.errorCode = errorCode
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Member {
                Member(memberID: try buffer.readKafkaString("member_id"),
                       groupInstanceID: try buffer.readKafkaNullableString("group_instance_id"),
                       errorCode: try buffer.readKafkaErrorCode())
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeKafkaString(memberID)
                buffer.writeKafkaNullableString(groupInstanceID)
                buffer.writeInteger(errorCode.rawValue)
            }
        }

        /// v1+.
        public var throttleTimeMs: Int32
        public var errorCode: ErrorCode
        /// v3+.
        public var members: [Member]

        public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, members: [Member] = []) {
            self.throttleTimeMs = throttleTimeMs
            self.errorCode = errorCode
            self.members = members
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 1 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     errorCode: try buffer.readKafkaErrorCode(),
                     members: version >= 3 ? try buffer.readKafkaArray("members", of: Member.self, version: version) : [])
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 1 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeInteger(errorCode.rawValue)
            if version >= 3 { buffer.writeKafkaArray(members, version: version) }
        }
    }
}
