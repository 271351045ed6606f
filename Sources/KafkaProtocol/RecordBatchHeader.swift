import NIOCore

/// The fixed 61-byte header of a record batch, read without decoding the
/// records: all a broker needs to assign offsets, index and serve a batch.
public struct RecordBatchHeader: Hashable, Sendable {
    public var baseOffset: Int64
    /// Bytes after the `batchLength` field.
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: Int16
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerID: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordCount: Int32

    /// The whole batch's size in bytes.
    public var size: Int { RecordBatch.logOverhead + Int(batchLength) }
    public var compression: Int { Int(attributes & 0x7) }
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }

    /// Reads the header of the batch at the buffer's reader index (without
    /// moving it), checking that the whole batch is there and is magic 2.
    public static func read(from buffer: ByteBuffer) throws -> RecordBatchHeader {
        var b = buffer
        guard b.readableBytes >= RecordBatch.headerSize else {
            throw KafkaWireError.truncated("record batch header", need: RecordBatch.headerSize, have: b.readableBytes)
        }
        let header = RecordBatchHeader(
            baseOffset: b.readInteger()!, batchLength: b.readInteger()!, partitionLeaderEpoch: b.readInteger()!,
            magic: b.readInteger()!, crc: b.readInteger()!, attributes: b.readInteger()!,
            lastOffsetDelta: b.readInteger()!, baseTimestamp: b.readInteger()!, maxTimestamp: b.readInteger()!,
            producerID: b.readInteger()!, producerEpoch: b.readInteger()!, baseSequence: b.readInteger()!,
            recordCount: b.readInteger()!)
        guard header.magic == RecordBatch.magic else {
            throw KafkaWireError("record batch", "magic \(header.magic) is not supported (only 2, Kafka 0.11+)")
        }
        guard header.size >= RecordBatch.headerSize else {
            throw KafkaWireError("record batch", "batchLength \(header.batchLength) is shorter than its header")
        }
        guard header.size <= buffer.readableBytes else {
            throw KafkaWireError.truncated("record batch", need: header.size, have: buffer.readableBytes)
        }
        guard header.recordCount >= 0, header.lastOffsetDelta >= 0 else {
            throw KafkaWireError("record batch", "negative record count or lastOffsetDelta")
        }
        return header
    }

    /// Checks the CRC-32C of the batch at the buffer's reader index.
    public func verifyCRC(in buffer: ByteBuffer) throws {
        let crcStart = RecordBatch.logOverhead + 9  // partitionLeaderEpoch, magic, crc
        let actual = buffer.withUnsafeReadableBytes { raw in
            var state = CRC32C.State()
            state.update(UnsafeRawBufferPointer(rebasing: raw[crcStart..<size]))
            return state.value
        }
        guard actual == crc else {
            throw KafkaWireError("record batch", "CRC mismatch: header says \(crc), bytes give \(actual) (corrupt or torn)")
        }
    }

    /// Rewrites the `baseOffset` of the batch at `index`: what a broker does
    /// on append. The CRC does not cover it, so the batch stays valid.
    public static func setBaseOffset(_ offset: Int64, in buffer: inout ByteBuffer, at index: Int) {
        buffer.setInteger(offset, at: index)
    }
}
