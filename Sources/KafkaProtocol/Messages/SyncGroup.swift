import NIOCore

/// SyncGroup (key 14), v0–3: after a join, every member asks for its
/// assignment; the leader's request carries everyone's assignments.
public enum SyncGroup {
    /// The request.
    public struct Request: KafkaMessageCodable {
        /// One member's assignment, sent by the leader.
        public struct Assignment: KafkaMessageCodable {
            public var memberID: String
            public var assignment: [UInt8]

            public init(memberID: String, assignment: [UInt8]) {
                self.memberID = memberID
                self.assignment = assignment
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Assignment {
                Assignment(memberID: try buffer.readKafkaString("member_id"), assignment: try buffer.readKafkaBytes("assignment"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeKafkaString(memberID)
                buffer.writeKafkaBytes(assignment)
            }
        }

        public var groupID: String
        public var generationID: Int32
        public var memberID: String
        /// v3+: the static member id, nil for dynamic members.
        public var groupInstanceID: String?
        /// Non-empty only from the leader.
        public var assignments: [Assignment]

        public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
                    assignments: [Assignment] = []) {
            self.groupID = groupID
            self.generationID = generationID
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.assignments = assignments
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(groupID: try buffer.readKafkaString("group_id"),
                    generationID: try buffer.readKafkaInteger("generation_id"),
                    memberID: try buffer.readKafkaString("member_id"),
                    groupInstanceID: version >= 3 ? try buffer.readKafkaNullableString("group_instance_id") : nil,
                    assignments: try buffer.readKafkaArray("assignments", of: Assignment.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(groupID)
            buffer.writeInteger(generationID)
            buffer.writeKafkaString(memberID)
            if version >= 3 { buffer.writeKafkaNullableString(groupInstanceID) }
            buffer.writeKafkaArray(assignments, version: version)
        }
    }

    /// The response: this member's assignment.
    public struct Response: KafkaMessageCodable {
        /// v1+.
        public var throttleTimeMs: Int32
        public var errorCode: ErrorCode
        public var assignment: [UInt8]

        public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, assignment: [UInt8]) {
            self.throttleTimeMs = throttleTimeMs
            self.errorCode = errorCode
            self.assignment = assignment
        }

        /// Reads a null assignment as empty: librdkafka's mock cluster sends
        /// null with an error, though the schema says `bytes`.
        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 1 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     errorCode: try buffer.readKafkaErrorCode(),
                     assignment: try buffer.readKafkaNullableBytes("assignment").map { Array($0.readableBytesView) } ?? [])
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 1 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaBytes(assignment)
        }
    }
}
