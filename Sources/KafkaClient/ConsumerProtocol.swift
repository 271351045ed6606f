import KafkaProtocol
import NIOCore

/// What a consumer subscribes to, as it tells its group in JoinGroup (each
/// assignment protocol's metadata): Kafka's ConsumerProtocolSubscription.
///
///     version int16, topics [string], user_data nullable bytes
///
/// Written as version 0; later versions only add fields after these
/// (owned partitions, generation, rack), which reading ignores.
public struct ConsumerProtocolSubscription: Hashable, Sendable {
    /// The topics subscribed to.
    public var topics: [String]
    /// Bytes for the assignor, if any.
    public var userData: [UInt8]?

    /// A subscription to `topics`.
    public init(topics: [String], userData: [UInt8]? = nil) {
        self.topics = topics
        self.userData = userData
    }

    /// The bytes of version 0.
    public var encoded: [UInt8] {
        ConsumerProtocol.encode(userData) { $0.writeKafkaStringArray(topics) }
    }

    /// Reads a subscription (any version) from `bytes`.
    public init(decoding bytes: [UInt8]) throws {
        var topics: [String] = []
        userData = try ConsumerProtocol.decode(bytes, "subscription") { topics = try $0.readKafkaStringArray("topics") }
        self.topics = topics
    }
}

/// The partitions the group leader gives one member, as SyncGroup carries
/// them: Kafka's ConsumerProtocolAssignment.
///
///     version int16, assigned_partitions [topic string, partitions [int32]], user_data nullable bytes
///
/// Written as version 0; fields later versions add are ignored. No bytes at
/// all (what a coordinator sends a member the leader left out) reads as no partitions.
public struct ConsumerProtocolAssignment: Hashable, Sendable {
    /// The partitions assigned, in order.
    public var partitions: [TopicPartition]
    /// Bytes from the assignor, if any.
    public var userData: [UInt8]?

    /// An assignment of `partitions`.
    public init(partitions: [TopicPartition], userData: [UInt8]? = nil) {
        self.partitions = partitions.sorted()
        self.userData = userData
    }

    /// The bytes of version 0.
    public var encoded: [UInt8] {
        ConsumerProtocol.encode(userData) { buffer in
            buffer.writeKafkaArray(partitions.groupedByTopic()) {
                $0.writeKafkaString($1.topic)
                $0.writeKafkaInt32Array($1.partitions)
            }
        }
    }

    /// Reads an assignment (any version) from `bytes`.
    public init(decoding bytes: [UInt8]) throws {
        guard !bytes.isEmpty else {
            self.init(partitions: [])
            return
        }
        var partitions: [TopicPartition] = []
        let userData = try ConsumerProtocol.decode(bytes, "assignment") { buffer in
            let topics = try buffer.readKafkaArray("assigned_partitions", minimumElementSize: 6) { buffer in
                let topic = try buffer.readKafkaString("topic")
                return try buffer.readKafkaInt32Array("partitions").map { TopicPartition(topic, $0) }
            }
            partitions = topics.flatMap { $0 }
        }
        self.init(partitions: partitions, userData: userData)
    }
}

/// The framing the two share: a version, the body, the user data.
enum ConsumerProtocol {
    static func encode(_ userData: [UInt8]?, _ writeBody: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        writeBody(&buffer)
        buffer.writeKafkaNullableBytes(userData.map { ByteBuffer(bytes: $0) })
        return Array(buffer.readableBytesView)
    }

    /// Reads the version and the body, and returns the user data.
    static func decode(_ bytes: [UInt8], _ what: String, _ readBody: (inout ByteBuffer) throws -> Void) throws -> [UInt8]? {
        var buffer = ByteBuffer(bytes: bytes)
        do {
            let version: Int16 = try buffer.readKafkaInteger("version")
            guard version >= 0 else { throw KafkaClientError.protocolViolation("consumer \(what) version \(version)") }
            try readBody(&buffer)
            return try buffer.readKafkaNullableBytes("user_data").map { Array($0.readableBytesView) }
        } catch let error as KafkaClientError {
            throw error
        } catch {
            throw KafkaClientError.protocolViolation("consumer \(what): \(error)")
        }
    }
}
