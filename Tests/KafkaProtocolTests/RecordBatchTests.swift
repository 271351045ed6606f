import Contracts
import KafkaProtocol
import NIOCore
import Testing

@Suite("Record batch v2")
struct RecordBatchTests {
    /// Built by kafka-python 3.0.12's own batch builder (a real client's
    /// encoder), see `Fixtures/make_batch.py`: an idempotent producer's batch
    /// of three records, with headers, a null key, a null value and a
    /// timestamp before the base timestamp.
    static let kafkaPythonBatch = hex("""
        0000000000000000000000810000000002d38cdd5d0000000000020000018bcfe568000000018bcfe568050000000000000fa000\
        030000001100000003740000000e757365722d3432367b226964223a2273372d30222c2274797065223a22706f7374227d040c73\
        6f7572636506626f780a656d7074790118000a02010c7365636f6e64000e001304026b0100
        """)

    static let expected = RecordBatch(
        partitionLeaderEpoch: 0, baseTimestamp: 1_700_000_000_000, producerID: 4000, producerEpoch: 3, baseSequence: 17,
        records: [
            Record(timestampDelta: 0, offsetDelta: 0, key: Array("user-42".utf8),
                   value: Array(#"{"id":"s7-0","type":"post"}"#.utf8),
                   headers: [RecordHeader(key: "source", value: Array("box".utf8)), RecordHeader(key: "empty", value: nil)]),
            Record(timestampDelta: 5, offsetDelta: 1, key: nil, value: Array("second".utf8)),
            Record(timestampDelta: -10, offsetDelta: 2, key: Array("k".utf8), value: nil),
        ])

    @Test("reads a batch a real client wrote, and writes the very same bytes")
    func realClientBytes() throws {
        var buffer = ByteBuffer(bytes: Self.kafkaPythonBatch)
        let batch = try RecordBatch.read(from: &buffer)
        #expect(batch == Self.expected)
        #expect(buffer.readableBytes == 0)
        var written = ByteBuffer()
        Self.expected.write(to: &written)
        #expect(Array(written.readableBytesView) == Self.kafkaPythonBatch)
    }

    @Test("the header reads without decoding records; a new base offset keeps the CRC valid")
    func header() throws {
        var bytes = Self.kafkaPythonBatch
        let header = try RecordBatchHeader(bytes)
        #expect(header.batchSize == bytes.count)
        #expect(header.recordCount == 3 && header.lastOffsetDelta == 2)
        #expect(header.producerID == 4000 && header.baseSequence == 17)
        #expect(header.maxTimestamp == 1_700_000_000_005)
        #expect(header.hasValidCRC(in: bytes))
        RecordBatchHeader.setBaseOffset(1_000, in: &bytes)
        #expect(try RecordBatchHeader(bytes).hasValidCRC(in: bytes))
        var buffer = ByteBuffer(bytes: bytes)
        let moved = try RecordBatch.read(from: &buffer)
        #expect(moved.baseOffset == 1_000 && moved.lastOffset == 1_002)
    }

    @Test("a record count the bytes cannot hold is an error, not a huge allocation")
    func hostileCount() throws {
        var empty = ByteBuffer()
        RecordBatch(baseTimestamp: 0, records: []).write(to: &empty)
        var bytes = Array(empty.readableBytesView)
        bytes.replaceSubrange(57..<61, with: [0x7F, 0xFF, 0xFF, 0xFF])
        let crc = CRC32C.checksum(bytes[21...])
        bytes.replaceSubrange(17..<21, with: withUnsafeBytes(of: crc.bigEndian, Array.init))
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: KafkaWireError.self) { try RecordBatch.read(from: &buffer) }
    }

    @Test("a flipped bit anywhere under the CRC is caught")
    func corruption() throws {
        for index in stride(from: 21, to: Self.kafkaPythonBatch.count, by: 7) {
            var bytes = Self.kafkaPythonBatch
            bytes[index] ^= 0x10
            var buffer = ByteBuffer(bytes: bytes)
            #expect(throws: KafkaWireError.self, "byte \(index)") { try RecordBatch.read(from: &buffer) }
        }
    }

    @Test("a torn batch (cut anywhere) is an error, never a crash")
    func torn() {
        for length in 0..<Self.kafkaPythonBatch.count {
            var buffer = ByteBuffer(bytes: Self.kafkaPythonBatch.prefix(length))
            #expect(throws: KafkaWireError.self, "cut at \(length)") { try RecordBatch.read(from: &buffer) }
        }
    }

    @Test("compressed batches and old magic bytes are refused with a clear reason")
    func unsupported() {
        var gzip = Self.expected
        gzip.attributes = 1
        var buffer = ByteBuffer()
        gzip.write(to: &buffer)
        #expect(throws: KafkaWireError("record batch", "compressed record batches (codec 1) are not supported")) {
            try RecordBatch.read(from: &buffer)
        }
        var old = Self.kafkaPythonBatch
        old[16] = 1
        var oldBuffer = ByteBuffer(bytes: old)
        #expect(throws: KafkaWireError("record batch", "record batch magic 1 is not supported (only 2, Kafka 0.11+)")) {
            try RecordBatch.read(from: &oldBuffer)
        }
    }

    @Test("batches of many sizes round-trip")
    func roundTrip() throws {
        for count in [0, 1, 2, 100, 1_000] {
            let records = (0..<count).map {
                Record(timestampDelta: Int64($0), offsetDelta: Int32($0), key: Array("k\($0)".utf8),
                       value: [UInt8](repeating: UInt8($0 % 256), count: $0 % 300))
            }
            let batch = RecordBatch(baseOffset: 42, baseTimestamp: 1_700_000_000_000, records: records)
            var buffer = ByteBuffer()
            batch.write(to: &buffer)
            #expect(try RecordBatch.read(from: &buffer) == batch)
        }
        // Lengths of 3-byte varints, and a header key whose UTF-8 is longer than its characters.
        let big = RecordBatch(baseTimestamp: 1_700_000_000_000, records: [
            Record(timestampDelta: 1 << 40, offsetDelta: 0, key: [UInt8](repeating: 7, count: 20_000),
                   value: [UInt8](repeating: 9, count: 70_000), headers: [RecordHeader(key: "東京", value: [1, 2])]),
            Record(timestampDelta: -(1 << 40), offsetDelta: 1, key: nil, value: [], headers: [RecordHeader(key: "", value: nil)]),
        ])
        var buffer = ByteBuffer()
        big.write(to: &buffer)
        #expect(try RecordBatch.read(from: &buffer) == big)
    }
}

/// Bytes from a hex string.
func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        bytes.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
