import Contracts
import NIOCore

/// A record batch, Kafka's unit of storage and transfer since 0.11 (magic 2).
///
///     baseOffset: int64            ← assigned by the broker, outside the CRC
///     batchLength: int32           ← bytes after this field
///     partitionLeaderEpoch: int32
///     magic: int8 = 2
///     crc: uint32                  ← CRC-32C of everything below
///     attributes: int16            ← compression (bits 0–2), timestamp type (3),
///                                    transactional (4), control (5)
///     lastOffsetDelta: int32
///     baseTimestamp: int64
///     maxTimestamp: int64
///     producerId: int64
///     producerEpoch: int16
///     baseSequence: int32
///     records: int32 count, then each record:
///       length: varint, attributes: int8, timestampDelta: varlong,
///       offsetDelta: varint, key: varint length + bytes (-1 null),
///       value: varint length + bytes (-1 null),
///       headers: varint count, each: key varint length + UTF-8,
///                                    value varint length + bytes (-1 null)
///
/// Brokers store and serve batches as they came (after setting `baseOffset`);
/// only producers and consumers look inside.
public struct RecordBatch: Hashable, Sendable {
    public var baseOffset: Int64
    public var partitionLeaderEpoch: Int32
    public var attributes: Int16
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    /// -1 unless the producer is idempotent.
    public var producerID: Int64
    public var producerEpoch: Int16
    /// The sequence number of the first record, per producer and partition; -1 when not idempotent.
    public var baseSequence: Int32
    public var records: [Record]

    /// The bytes before `batchLength`'s count starts: baseOffset and batchLength.
    public static let logOverhead = RecordBatchHeader.logOverhead
    /// The size of a batch with no records.
    public static let headerSize = RecordBatchHeader.size
    /// The current (and only supported) message format version.
    public static let magic: Int8 = 2

    public init(baseOffset: Int64 = 0, partitionLeaderEpoch: Int32 = -1, attributes: Int16 = 0,
                baseTimestamp: Int64, maxTimestamp: Int64? = nil, producerID: Int64 = -1,
                producerEpoch: Int16 = -1, baseSequence: Int32 = -1, records: [Record]) {
        self.baseOffset = baseOffset
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.attributes = attributes
        self.lastOffsetDelta = records.last?.offsetDelta ?? 0
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp ?? (baseTimestamp + (records.map(\.timestampDelta).max() ?? 0))
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.records = records
    }

    /// The compression codec (attributes bits 0–2): 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
    public var compression: Int { Int(attributes & 0x7) }
    /// Whether this is a control batch (transaction markers), not user data.
    public var isControl: Bool { attributes & 0x20 != 0 }
    /// The offset of the last record.
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }

    /// Appends the batch in wire format, computing `batchLength` and `crc`.
    public func write(to buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        buffer.writeInteger(baseOffset)
        buffer.writeInteger(Int32(0))  // batchLength, set below
        buffer.writeInteger(partitionLeaderEpoch)
        buffer.writeInteger(Self.magic)
        buffer.writeInteger(UInt32(0))  // crc, set below
        let crcStart = buffer.writerIndex
        buffer.writeInteger(attributes)
        buffer.writeInteger(lastOffsetDelta)
        buffer.writeInteger(baseTimestamp)
        buffer.writeInteger(maxTimestamp)
        buffer.writeInteger(producerID)
        buffer.writeInteger(producerEpoch)
        buffer.writeInteger(baseSequence)
        buffer.writeInteger(Int32(records.count))
        for record in records { Self.write(record, to: &buffer) }
        let end = buffer.writerIndex
        buffer.setInteger(Int32(end - start - Self.logOverhead), at: start + 8)
        let crc = buffer.withUnsafeReadableBytes { raw in
            var state = CRC32C.State()
            let offset = crcStart - buffer.readerIndex
            state.update(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + end - crcStart)]))
            return state.value
        }
        buffer.setInteger(crc, at: crcStart - 4)
    }

    /// A record: its length, then its fields. The length is worked out
    /// first, so the fields go straight into `buffer`.
    static func write(_ record: Record, to buffer: inout ByteBuffer) {
        buffer.writeVarint(Int64(bodySize(of: record)))
        buffer.writeInteger(Int8(0))  // record attributes: unused
        buffer.writeVarint(record.timestampDelta)
        buffer.writeVarint(Int64(record.offsetDelta))
        writeVarintBytes(record.key, to: &buffer)
        writeVarintBytes(record.value, to: &buffer)
        buffer.writeVarint(Int64(record.headers.count))
        for header in record.headers {
            buffer.writeVarint(Int64(header.key.utf8.count))
            buffer.writeString(header.key)
            writeVarintBytes(header.value, to: &buffer)
        }
    }

    /// The bytes `write(_:to:)` puts after the record's length.
    static func bodySize(of record: Record) -> Int {
        var size = 1 + ByteBuffer.varintSize(record.timestampDelta) + ByteBuffer.varintSize(Int64(record.offsetDelta))
            + varintBytesSize(record.key) + varintBytesSize(record.value) + ByteBuffer.varintSize(Int64(record.headers.count))
        for header in record.headers {
            let keyBytes = header.key.utf8.count
            size += ByteBuffer.varintSize(Int64(keyBytes)) + keyBytes + varintBytesSize(header.value)
        }
        return size
    }

    static func writeVarintBytes(_ bytes: [UInt8]?, to buffer: inout ByteBuffer) {
        guard let bytes else { return buffer.writeVarint(-1) }
        buffer.writeVarint(Int64(bytes.count))
        buffer.writeBytes(bytes)
    }

    static func varintBytesSize(_ bytes: [UInt8]?) -> Int {
        guard let bytes else { return 1 }
        return ByteBuffer.varintSize(Int64(bytes.count)) + bytes.count
    }

    /// Reads one whole batch, checking its magic, length and CRC.
    /// Compressed batches are refused (`compression` says which codec).
    public static func read(from buffer: inout ByteBuffer) throws -> RecordBatch {
        let header = try buffer.withUnsafeReadableBytes { raw in
            do {
                let header = try RecordBatchHeader(raw)
                guard header.compression == 0 else { throw BatchError.compressed(codec: header.compression) }
                guard header.hasValidCRC(in: raw) else { throw BatchError.corrupt }
                return header
            } catch let error as BatchError {
                throw KafkaWireError("record batch", error.description)
            }
        }
        let headerSize = RecordBatchHeader.size
        var body = buffer.getSlice(at: buffer.readerIndex + headerSize, length: header.batchSize - headerSize)!
        buffer.moveReaderIndex(forwardBy: header.batchSize)
        var records: [Record] = []
        // The smallest record takes 7 bytes: never trust the count further than that.
        records.reserveCapacity(min(Int(header.recordCount), body.readableBytes / 7))
        for i in 0..<Int(header.recordCount) {
            records.append(try readRecord(i, from: &body))
        }
        guard body.readableBytes == 0 else {
            throw KafkaWireError("record batch", "\(body.readableBytes) bytes left after its \(header.recordCount) records")
        }
        var batch = RecordBatch(baseOffset: header.baseOffset, partitionLeaderEpoch: header.partitionLeaderEpoch,
                                attributes: header.attributes, baseTimestamp: header.baseTimestamp,
                                maxTimestamp: header.maxTimestamp, producerID: header.producerID,
                                producerEpoch: header.producerEpoch, baseSequence: header.baseSequence,
                                records: records)
        batch.lastOffsetDelta = header.lastOffsetDelta
        return batch
    }

    static func readRecord(_ index: Int, from buffer: inout ByteBuffer) throws -> Record {
        // Field names are built only for an error message: this runs for every record fetched.
        func name() -> String { "record \(index)" }
        let length = try buffer.readVarint32("\(name()) length")
        guard length >= 0, Int(length) <= buffer.readableBytes else {
            throw KafkaWireError.truncated(name(), need: Int(length), have: buffer.readableBytes)
        }
        var body = buffer.readSlice(length: Int(length))!
        _ = try body.readKafkaInteger("\(name()) attributes", as: Int8.self)
        let timestampDelta = try body.readVarint("\(name()) timestampDelta")
        let offsetDelta = try body.readVarint32("\(name()) offsetDelta")
        let key = try readVarintBytes("\(name()) key", from: &body)
        let value = try readVarintBytes("\(name()) value", from: &body)
        let headerCount = try body.readVarint32("\(name()) header count")
        guard headerCount >= 0 else { throw KafkaWireError("\(name()) header count", "negative (\(headerCount))") }
        var headers: [RecordHeader] = []
        for h in 0..<Int(headerCount) {
            let keyLength = try body.readVarint32("\(name()) header \(h) key length")
            let key = try body.readKafkaString("\(name()) header \(h) key", length: Int(keyLength))
            headers.append(RecordHeader(key: key, value: try readVarintBytes("\(name()) header \(h) value", from: &body)))
        }
        guard body.readableBytes == 0 else {
            throw KafkaWireError(name(), "\(body.readableBytes) bytes left over after its fields")
        }
        return Record(timestampDelta: timestampDelta, offsetDelta: offsetDelta, key: key, value: value, headers: headers)
    }

    static func readVarintBytes(_ field: @autoclosure () -> String, from buffer: inout ByteBuffer) throws -> [UInt8]? {
        let length = try buffer.readVarint32("\(field()) length")
        if length == -1 { return nil }
        return try buffer.readKafkaBytes(field(), length: Int(length))
    }
}
