import Contracts
import KafkaProtocol
import NIOCore

/// One record batch as a Fetch returned it, not yet decoded: its header
/// (offsets, timestamps, count) and its bytes. `forEachRecord` walks its
/// records in place, with no array per record, so that a reader can decode
/// a poll's batches on every core.
public struct FetchedBatch: Sendable {
    /// The partition it came from.
    public let partition: TopicPartition
    /// Its header: base offset, last offset delta, timestamps, record count.
    public let header: RecordBatchHeader
    /// The whole batch, header included.
    public let bytes: ByteBuffer
    /// Records before this offset are left out (a fetch returns whole batches, so the first may start earlier).
    public let position: Int64

    /// The offset after its last record: where the partition's next fetch starts.
    public var nextOffset: Int64 { header.nextOffset }

    /// Calls `body` with each record's offset, timestamp (ms) and value (nil
    /// for a tombstone), in offset order, in place: the value's bytes are
    /// valid only during the call. Checks the batch's CRC first.
    public func forEachRecord(_ body: (_ offset: Int64, _ timestamp: Int64, _ value: UnsafeRawBufferPointer?) -> Void) throws {
        let logAppendTime = header.attributes & 0x8 != 0
        try bytes.withUnsafeReadableBytes { raw in
            guard header.hasValidCRC(in: raw) else {
                throw KafkaClientError.protocolViolation("Fetch of \(partition): the batch at offset \(header.baseOffset) fails its CRC")
            }
            var reader = VarintReader(raw, from: RecordBatchHeader.size)
            for _ in 0..<Int(header.recordCount) {
                let length = try reader.varint()
                let end = reader.index + Int(length)
                guard length >= 0, end <= raw.count else { throw reader.truncated(partition, header) }
                reader.index += 1  // attributes
                let timestampDelta = try reader.varint()
                let offsetDelta = try reader.varint()
                let keyLength = try reader.varint()
                if keyLength > 0 { reader.index += Int(keyLength) }
                let valueLength = try reader.varint()
                var value: UnsafeRawBufferPointer?
                if valueLength >= 0 {
                    guard reader.index + Int(valueLength) <= end else { throw reader.truncated(partition, header) }
                    value = UnsafeRawBufferPointer(rebasing: raw[reader.index..<(reader.index + Int(valueLength))])
                }
                reader.index = end  // headers are not needed here
                let offset = header.baseOffset + offsetDelta
                guard offset >= position else { continue }
                body(offset, logAppendTime ? header.maxTimestamp : header.baseTimestamp + timestampDelta, value)
            }
        }
    }

    /// Splits one partition's Fetch bytes into its complete batches (a broker
    /// may cut the last one short), leaving out control batches; returns the
    /// partition's next position. Compressed batches are refused.
    static func split(_ bytes: ByteBuffer, partition: TopicPartition, position: Int64,
                      into batches: inout [FetchedBatch]) throws -> Int64 {
        var next = position
        var buffer = bytes
        while buffer.readableBytes >= RecordBatchHeader.size {
            let header: RecordBatchHeader
            do {
                header = try buffer.withUnsafeReadableBytes { try RecordBatchHeader($0) }
            } catch {
                throw KafkaClientError.protocolViolation("Fetch of \(partition) at \(position): \(error)")
            }
            guard buffer.readableBytes >= header.batchSize else { break }
            guard header.compression == 0 else {
                throw KafkaClientError.protocolViolation("Fetch of \(partition): compressed batches (codec \(header.compression)) are not supported")
            }
            let batch = buffer.readSlice(length: header.batchSize)!
            if header.attributes & 0x20 == 0 {
                batches.append(FetchedBatch(partition: partition, header: header, bytes: batch, position: position))
            }
            next = max(next, header.nextOffset)
        }
        return next
    }
}

/// Reads Kafka's zig-zag varints from raw bytes, bounds-checked.
private struct VarintReader {
    let raw: UnsafeRawBufferPointer
    var index: Int

    init(_ raw: UnsafeRawBufferPointer, from index: Int) {
        self.raw = raw
        self.index = index
    }

    mutating func varint() throws -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < raw.count {
            let byte = raw[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1) }
            shift += 7
            if shift > 63 { break }
        }
        throw KafkaClientError.protocolViolation("a record's varint runs past its batch or past 64 bits")
    }

    func truncated(_ partition: TopicPartition, _ header: RecordBatchHeader) -> KafkaClientError {
        .protocolViolation("Fetch of \(partition): a record of the batch at offset \(header.baseOffset) runs past the batch")
    }
}
