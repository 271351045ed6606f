/// The fixed 61-byte header of a Kafka record batch (magic 2), read from raw
/// bytes without decoding the records: all a log needs to assign offsets,
/// index, verify and serve a batch.
///
///     offset  size  field
///          0     8  baseOffset            ← assigned by the broker; outside the CRC
///          8     4  batchLength           ← bytes after this field
///         12     4  partitionLeaderEpoch
///         16     1  magic (2)
///         17     4  crc                   ← CRC-32C of bytes 21..<end
///         21     2  attributes
///         23     4  lastOffsetDelta
///         27     8  baseTimestamp
///         35     8  maxTimestamp
///         43     8  producerId
///         51     2  producerEpoch
///         53     4  baseSequence
///         57     4  record count
///         61        records...
public struct RecordBatchHeader: Hashable, Sendable {
    public var baseOffset: Int64
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

    /// Bytes before `batchLength` starts counting: baseOffset and batchLength.
    public static let logOverhead = 12
    /// The header's size; a batch is at least this long.
    public static let size = 61
    /// Where the CRC-covered part starts.
    public static let crcStart = 21

    /// The whole batch's size in bytes.
    public var batchSize: Int { Self.logOverhead + Int(batchLength) }
    /// The compression codec: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
    public var compression: Int { Int(attributes & 0x7) }
    /// The offset of the batch's last record.
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }
    /// The offset after the batch's last record.
    public var nextOffset: Int64 { lastOffset + 1 }

    /// Reads the header at `start` of `bytes`, checking that it is magic 2 and
    /// that the whole batch (by its `batchLength`) fits in the `available`
    /// bytes from `start` (by default, the rest of `bytes`; pass the bytes
    /// left in a file when `bytes` holds only the header).
    public init(_ bytes: UnsafeRawBufferPointer, at start: Int = 0, available: Int? = nil) throws {
        guard bytes.count - start >= Self.size else {
            throw BatchError.truncated(need: Self.size, have: bytes.count - start)
        }
        func int<T: FixedWidthInteger>(_ offset: Int, _: T.Type = T.self) -> T {
            T(bigEndian: bytes.loadUnaligned(fromByteOffset: start + offset, as: T.self))
        }
        baseOffset = int(0)
        batchLength = int(8)
        partitionLeaderEpoch = int(12)
        magic = int(16)
        crc = int(17)
        attributes = int(21)
        lastOffsetDelta = int(23)
        baseTimestamp = int(27)
        maxTimestamp = int(35)
        producerID = int(43)
        producerEpoch = int(51)
        baseSequence = int(53)
        recordCount = int(57)
        guard magic == 2 else { throw BatchError.unsupportedMagic(magic) }
        guard batchSize >= Self.size else { throw BatchError.badLength(batchLength) }
        let available = available ?? (bytes.count - start)
        guard batchSize <= available else { throw BatchError.truncated(need: batchSize, have: available) }
        guard recordCount >= 0, lastOffsetDelta >= 0 else { throw BatchError.badLength(batchLength) }
    }

    /// Reads the header at `start` of `bytes`; see ``init(_:at:available:)``.
    public init(_ bytes: [UInt8], at start: Int = 0, available: Int? = nil) throws {
        self = try bytes.withUnsafeBytes { try RecordBatchHeader($0, at: start, available: available) }
    }

    /// Whether the batch at `start` of `bytes` matches its CRC.
    public func hasValidCRC(in bytes: UnsafeRawBufferPointer, at start: Int = 0) -> Bool {
        CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[(start + Self.crcStart)..<(start + batchSize)])) == crc
    }

    /// Whether the batch at `start` of `bytes` matches its CRC.
    public func hasValidCRC(in bytes: [UInt8], at start: Int = 0) -> Bool {
        bytes.withUnsafeBytes { hasValidCRC(in: $0, at: start) }
    }

    /// Sets the `baseOffset` of the batch at `start` of `bytes`: what a log
    /// does on append. The CRC does not cover it, so the batch stays valid.
    public static func setBaseOffset(_ offset: Int64, in bytes: inout [UInt8], at start: Int = 0) {
        withUnsafeBytes(of: offset.bigEndian) { raw in
            for i in 0..<8 { bytes[start + i] = raw[i] }
        }
    }
}

/// Why bytes are not a usable record batch.
public enum BatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the header or `batchLength` says: a torn write.
    case truncated(need: Int, have: Int)
    /// A message format older than magic 2 (Kafka 0.11).
    case unsupportedMagic(Int8)
    /// A `batchLength` (or count) that cannot be right.
    case badLength(Int32)
    /// The CRC does not match: corrupt bytes.
    case corrupt
    /// Compressed batches are not supported by this broker.
    case compressed(codec: Int)

    public var description: String {
        switch self {
        case .truncated(let need, let have): "record batch is truncated: needs \(need) bytes, \(have) there"
        case .unsupportedMagic(let magic): "record batch magic \(magic) is not supported (only 2, Kafka 0.11+)"
        case .badLength(let length): "record batch length \(length) is impossible"
        case .corrupt: "record batch CRC does not match its bytes (corrupt)"
        case .compressed(let codec): "compressed record batches (codec \(codec)) are not supported"
        }
    }
}

extension CRC32C {
    /// The checksum of raw bytes.
    public static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt32 {
        var state = State()
        state.update(raw)
        return state.value
    }
}
