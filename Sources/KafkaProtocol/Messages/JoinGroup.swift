import NIOCore

/// JoinGroup (key 11), v0–5: a consumer joins (or rejoins) a group and
/// names the assignment protocols it supports; the coordinator picks one,
/// a generation and a leader, and sends the leader every member's metadata.
public enum JoinGroup {
    /// The request.
    public struct Request: KafkaMessageCodable {
        /// One assignment protocol the member supports, with its metadata
        /// (for consumers, the subscription).
        public struct GroupProtocol: KafkaMessageCodable {
            public var name: String
            public var metadata: [UInt8]

            public init(name: String, metadata: [UInt8]) {
                self.name = name
                self.metadata = metadata
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> GroupProtocol {
                GroupProtocol(name: try buffer.readKafkaString("name"), metadata: try buffer.readKafkaBytes("metadata"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeKafkaString(name)
                buffer.writeKafkaBytes(metadata)
            }
        }

        public var groupID: String
        public var sessionTimeoutMs: Int32
        /// v1+: how long the coordinator waits for members to rejoin; -1
        /// when absent (v0), meaning the session timeout applies.
        public var rebalanceTimeoutMs: Int32
        /// "" on the first join.
        public var memberID: String
        /// v5+: the static member id, nil for dynamic members.
        public var groupInstanceID: String?
        /// E.g. "consumer".
        public var protocolType: String
        public var protocols: [GroupProtocol]

        public init(groupID: String, sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32 = -1, memberID: String = "",
                    groupInstanceID: String? = nil, protocolType: String = "consumer", protocols: [GroupProtocol]) {
            self.groupID = groupID
            self.sessionTimeoutMs = sessionTimeoutMs
            self.rebalanceTimeoutMs = rebalanceTimeoutMs
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.protocolType = protocolType
            self.protocols = protocols
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Request {
            Request(groupID: try buffer.readKafkaString("group_id"),
                    sessionTimeoutMs: try buffer.readKafkaInteger("session_timeout_ms"),
                    rebalanceTimeoutMs: version >= 1 ? try buffer.readKafkaInteger("rebalance_timeout_ms") : -1,
                    memberID: try buffer.readKafkaString("member_id"),
                    groupInstanceID: version >= 5 ? try buffer.readKafkaNullableString("group_instance_id") : nil,
                    protocolType: try buffer.readKafkaString("protocol_type"),
                    protocols: try buffer.readKafkaArray("protocols", of: GroupProtocol.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            buffer.writeKafkaString(groupID)
            buffer.writeInteger(sessionTimeoutMs)
            if version >= 1 { buffer.writeInteger(rebalanceTimeoutMs) }
            buffer.writeKafkaString(memberID)
            if version >= 5 { buffer.writeKafkaNullableString(groupInstanceID) }
            buffer.writeKafkaString(protocolType)
            buffer.writeKafkaArray(protocols, version: version)
        }
    }

    /// The response: the generation, the chosen protocol, the leader and
    /// (for the leader only) every member's metadata.
    public struct Response: KafkaMessageCodable {
        /// A member of the group, as the leader sees it.
        public struct Member: KafkaMessageCodable {
            public var memberID: String
            /// v5+.
            public var groupInstanceID: String?
            public var metadata: [UInt8]

            public init(memberID: String, groupInstanceID: String? = nil, metadata: [UInt8]) {
                self.memberID = memberID
                self.groupInstanceID = groupInstanceID
                self.metadata = metadata
            }

            public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Member {
                Member(memberID: try buffer.readKafkaString("member_id"),
                       groupInstanceID: version >= 5 ? try buffer.readKafkaNullableString("group_instance_id") : nil,
                       metadata: try buffer.readKafkaBytes("metadata"))
            }

            public func write(to buffer: inout ByteBuffer, version: Int16) {
                buffer.writeKafkaString(memberID)
                if version >= 5 { buffer.writeKafkaNullableString(groupInstanceID) }
                buffer.writeKafkaBytes(metadata)
            }
        }

        /// v2+.
        public var throttleTimeMs: Int32
        public var errorCode: ErrorCode
        public var generationID: Int32
        /// The chosen assignment protocol.
        public var protocolName: String
        /// The leader's member id.
        public var leader: String
        /// This member's id (newly assigned with MEMBER_ID_REQUIRED in v4+).
        public var memberID: String
        /// Every member, in the leader's response only.
        public var members: [Member]

        public init(throttleTimeMs: Int32 = 0, errorCode: ErrorCode = .none, generationID: Int32 = -1,
                    protocolName: String, leader: String, memberID: String, members: [Member] = []) {
            self.throttleTimeMs = throttleTimeMs
            self.errorCode = errorCode
            self.generationID = generationID
            self.protocolName = protocolName
            self.leader = leader
            self.memberID = memberID
            self.members = members
        }

        public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Response {
            Response(throttleTimeMs: version >= 2 ? try buffer.readKafkaInteger("throttle_time_ms") : 0,
                     errorCode: try buffer.readKafkaErrorCode(),
                     generationID: try buffer.readKafkaInteger("generation_id"),
                     protocolName: try buffer.readKafkaString("protocol_name"),
                     leader: try buffer.readKafkaString("leader"),
                     memberID: try buffer.readKafkaString("member_id"),
                     members: try buffer.readKafkaArray("members", of: Member.self, version: version))
        }

        public func write(to buffer: inout ByteBuffer, version: Int16) {
            if version >= 2 { buffer.writeInteger(throttleTimeMs) }
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(generationID)
            buffer.writeKafkaString(protocolName)
            buffer.writeKafkaString(leader)
            buffer.writeKafkaString(memberID)
            buffer.writeKafkaArray(members, version: version)
        }
    }
}
