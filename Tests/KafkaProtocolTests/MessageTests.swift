import KafkaProtocol
import NIOCore
import Testing

/// One message type at one version, with its sample value and kafka-python's
/// bytes for it, type-erased so one test can walk every API.
struct MessageCase: CustomStringConvertible {
    let description: String
    /// kafka-python's encoding of the sample, nil if it has none.
    let fixture: [UInt8]?
    /// Writes the sample.
    let write: () -> [UInt8]
    /// Reads one message and says whether it equals the sample.
    let readMatchesSample: (inout ByteBuffer) throws -> Bool

    init<Message: KafkaMessageCodable>(_ name: String, version: Int16, sample: (Int16) -> Message,
                                       fixtures: [Int16: [UInt8]]) {
        let value = sample(version)
        description = "\(name) v\(version)"
        fixture = fixtures[version]
        write = {
            var buffer = ByteBuffer()
            value.write(to: &buffer, version: version)
            return Array(buffer.readableBytesView)
        }
        readMatchesSample = { try Message.read(from: &$0, version: version) == value }
    }

    /// The requests and responses of `api`, every version we serve.
    static func all(_ api: ApiKey) -> [MessageCase] {
        func both<Request: KafkaMessageCodable, Response: KafkaMessageCodable>(
            _ name: String, _ request: (Int16) -> Request, _ response: (Int16) -> Response) -> [MessageCase] {
            api.supportedVersions.flatMap { version in
                [MessageCase("\(name).Request", version: version, sample: request,
                             fixtures: MessageFixtures.requests[api] ?? [:]),
                 MessageCase("\(name).Response", version: version, sample: response,
                             fixtures: MessageFixtures.responses[api] ?? [:])]
            }
        }
        typealias S = Samples
        switch api {
        case .metadata: return both("Metadata", S.metadataRequest, S.metadataResponse)
        case .produce: return both("Produce", S.produceRequest, S.produceResponse)
        case .fetch: return both("Fetch", S.fetchRequest, S.fetchResponse)
        case .listOffsets: return both("ListOffsets", S.listOffsetsRequest, S.listOffsetsResponse)
        case .findCoordinator: return both("FindCoordinator", S.findCoordinatorRequest, S.findCoordinatorResponse)
        case .joinGroup: return both("JoinGroup", S.joinGroupRequest, S.joinGroupResponse)
        case .syncGroup: return both("SyncGroup", S.syncGroupRequest, S.syncGroupResponse)
        case .heartbeat: return both("Heartbeat", S.heartbeatRequest, S.heartbeatResponse)
        case .leaveGroup: return both("LeaveGroup", S.leaveGroupRequest, S.leaveGroupResponse)
        case .offsetCommit: return both("OffsetCommit", S.offsetCommitRequest, S.offsetCommitResponse)
        case .offsetFetch: return both("OffsetFetch", S.offsetFetchRequest, S.offsetFetchResponse)
        case .initProducerID: return both("InitProducerId", S.initProducerIDRequest, S.initProducerIDResponse)
        case .apiVersions: return []  // ApiVersionsTests
        }
    }

    /// Every API with a codec in `Messages/`.
    static let apis = ApiKey.allCases.filter { $0 != .apiVersions }
}

@Suite("Request and response codecs")
struct MessageTests {
    @Test("every version of every request and response round-trips, with nothing left over", arguments: MessageCase.apis)
    func roundTrip(api: ApiKey) throws {
        for message in MessageCase.all(api) {
            let bytes = message.write()
            var buffer = ByteBuffer(bytes: bytes)
            #expect(try message.readMatchesSample(&buffer), "\(message)")
            #expect(buffer.readableBytes == 0, "\(message)")
        }
    }

    @Test("read decodes kafka-python's bytes to the sample and write gives the very same bytes", arguments: MessageCase.apis)
    func kafkaPythonBytes(api: ApiKey) throws {
        for message in MessageCase.all(api) {
            let fixture = try #require(message.fixture, "no kafka-python fixture for \(message)")
            var buffer = ByteBuffer(bytes: fixture)
            #expect(try message.readMatchesSample(&buffer), "\(message)")
            #expect(buffer.readableBytes == 0, "\(message)")
            #expect(message.write() == fixture, "\(message)")
        }
    }

    @Test("a message cut short anywhere is a KafkaWireError, never a crash", arguments: MessageCase.apis)
    func truncated(api: ApiKey) {
        for message in MessageCase.all(api) {
            let bytes = message.write()
            for length in 0..<bytes.count {
                var buffer = ByteBuffer(bytes: bytes.prefix(length))
                #expect(throws: KafkaWireError.self, "\(message) cut at \(length)") {
                    try message.readMatchesSample(&buffer)
                }
            }
        }
    }

    @Test("errors name the field by its path")
    func errorPath() {
        let bytes = MessageFixtures.responses[.metadata]![8]!
        var buffer = ByteBuffer(bytes: bytes.prefix(bytes.count - 20))
        #expect(throws: KafkaWireError.truncated("topics[2].partitions[0].isr_nodes count", need: 4, have: 0)) {
            try Metadata.Response.read(from: &buffer, version: 8)
        }
    }

    @Test("a huge or negative array count is an error before anything is allocated")
    func hugeCounts() {
        var topLevel = ByteBuffer()
        topLevel.writeInteger(Int32(0))  // throttle_time_ms
        topLevel.writeInteger(Int32.max)  // brokers count
        topLevel.writeInteger(Int64(0))
        #expect(throws: KafkaWireError("brokers", "count 2147483647 does not fit the 8 bytes left")) {
            try Metadata.Response.read(from: &topLevel, version: 3)
        }

        var nested = ByteBuffer()
        nested.writeInteger(Int32(0))  // throttle_time_ms
        nested.writeInteger(Int16(0))  // error_code
        nested.writeInteger(Int32(0))  // session_id
        nested.writeInteger(Int32(1))  // one topic
        nested.writeKafkaString("chirps")
        nested.writeInteger(Int32(100_000_000))  // partitions count
        nested.writeInteger(Int32(0))
        #expect(throws: KafkaWireError("responses[0].partitions", "count 100000000 does not fit the 4 bytes left")) {
            try Fetch.Response.read(from: &nested, version: 11)
        }

        var int32s = ByteBuffer()
        int32s.writeKafkaString("chirps")
        int32s.writeInteger(Int32(1))  // one topic
        int32s.writeKafkaString("t")
        int32s.writeInteger(Int32(3))  // three partition indexes need 12 bytes
        int32s.writeInteger(Int64(0))
        #expect(throws: KafkaWireError("topics[0].partition_indexes", "count 3 does not fit the 8 bytes left")) {
            try OffsetFetch.Request.read(from: &int32s, version: 3)
        }

        var negative = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFE])
        #expect(throws: KafkaWireError("topics", "negative count -2")) {
            try Metadata.Request.read(from: &negative, version: 1)
        }
    }

    @Test("null where the version has no null is refused, naming the field")
    func nulls() {
        var produce = ByteBuffer()
        Produce.Request(topics: []).write(to: &produce, version: 3)
        produce.moveWriterIndex(to: produce.writerIndex - 4)
        produce.writeInteger(Int32(-1))
        #expect(throws: KafkaWireError("topic_data", "null where an array is required")) {
            try Produce.Request.read(from: &produce, version: 3)
        }

        var metadataV0 = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaWireError("topics", "null where an array is required")) {
            try Metadata.Request.read(from: &metadataV0, version: 0)
        }

        var join = ByteBuffer(bytes: [0xFF, 0xFF])
        #expect(throws: KafkaWireError("group_id", "null where a string is required")) {
            try JoinGroup.Request.read(from: &join, version: 0)
        }

        // A SyncGroup response's null assignment is read as empty: librdkafka's mock cluster sends one.
        var lenient = ByteBuffer(bytes: [0, 27, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect((try? SyncGroup.Response.read(from: &lenient, version: 0))?.assignment == [])

        var sync = ByteBuffer()
        SyncGroup.Request(groupID: "g", generationID: 1, memberID: "m", assignments: [.init(memberID: "m", assignment: [])])
            .write(to: &sync, version: 0)
        sync.moveWriterIndex(to: sync.writerIndex - 4)
        sync.writeInteger(Int32(-1))
        #expect(throws: KafkaWireError("assignments[0].assignment", "null where bytes are required")) {
            try SyncGroup.Request.read(from: &sync, version: 0)
        }
    }

    @Test("records longer than the bytes left are an error, not a read past the end")
    func recordsTooLong() {
        var buffer = ByteBuffer()
        Produce.Request(topics: [.init(name: "t", partitions: [.init(index: 0, records: ByteBuffer(string: "abc"))])])
            .write(to: &buffer, version: 8)
        buffer.setInteger(Int32.max, at: buffer.writerIndex - 7)
        #expect(throws: KafkaWireError.truncated("topic_data[0].partitions[0].records", need: Int(Int32.max), have: 3)) {
            try Produce.Request.read(from: &buffer, version: 8)
        }
    }

    @Test("Metadata: v0 writes 'all topics' as an empty array; v1+ tells null (all) from empty (none)")
    func metadataAllTopics() throws {
        for (version, expected) in [(Int16(0), [0, 0, 0, 0]), (1, [0xFF, 0xFF, 0xFF, 0xFF])] as [(Int16, [UInt8])] {
            var buffer = ByteBuffer()
            Metadata.Request(topics: nil).write(to: &buffer, version: version)
            #expect(Array(buffer.readableBytesView) == expected)
            #expect(try Metadata.Request.read(from: &buffer, version: version).topics == nil)
        }
        var none = ByteBuffer()
        Metadata.Request(topics: []).write(to: &none, version: 1)
        #expect(try Metadata.Request.read(from: &none, version: 1).topics == [])
    }

    @Test("field-order quirks: Produce's throttle time and OffsetFetch's group error come last")
    func trailingFields() throws {
        let produce = MessageFixtures.responses[.produce]![8]!
        #expect(Array(produce.suffix(4)) == [0, 0, 0, 3])
        let offsetFetch = MessageFixtures.responses[.offsetFetch]![4]!
        #expect(Array(offsetFetch.suffix(2)) == [0, 14])
        #expect(Array(offsetFetch.prefix(4)) == [0, 0, 0, 2], "throttle_time_ms still leads in v3+")
    }

    @Test("record batches pass through Produce and Fetch untouched")
    func recordsPassThrough() throws {
        var batch = ByteBuffer(bytes: RecordBatchTests.kafkaPythonBatch)
        let request = Produce.Request(acks: 1, topics: [.init(name: "chirps", partitions: [.init(index: 0, records: batch)])])
        var wire = ByteBuffer()
        request.write(to: &wire, version: 7)
        let read = try Produce.Request.read(from: &wire, version: 7)
        var records = try #require(read.topics.first?.partitions.first?.records)
        #expect(Array(records.readableBytesView) == RecordBatchTests.kafkaPythonBatch)
        #expect(try RecordBatch.read(from: &records) == RecordBatchTests.expected)

        let response = Fetch.Response(topics: [.init(name: "chirps", partitions: [
            .init(partitionIndex: 0, highWatermark: 3, records: batch.readSlice(length: batch.readableBytes)),
        ])])
        var fetchWire = ByteBuffer()
        response.write(to: &fetchWire, version: 11)
        #expect(try Fetch.Response.read(from: &fetchWire, version: 11) == response)
    }
}
