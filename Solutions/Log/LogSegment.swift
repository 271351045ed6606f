import Contracts
import Foundation

/// One segment of a partition's log: `<baseOffset>.log` holding batches back
/// to back, and its offset index.
final class LogSegment {
    let baseOffset: Int64
    let log: LogFile
    let index: OffsetIndex
    let indexIntervalBytes: Int
    /// The offset the next batch appended here gets.
    var nextOffset: Int64
    /// Bytes appended since the last index entry.
    var bytesSinceLastIndexEntry = 0

    /// Given: opens (or creates) the segment's two files in `directory`.
    init(in directory: URL, baseOffset: Int64, indexIntervalBytes: Int) throws {
        self.baseOffset = baseOffset
        self.indexIntervalBytes = indexIntervalBytes
        log = try LogFile(at: directory.appendingPathComponent(LogFile.name(baseOffset: baseOffset, suffix: ".log")))
        index = try OffsetIndex(at: directory.appendingPathComponent(LogFile.name(baseOffset: baseOffset, suffix: ".index")),
                                baseOffset: baseOffset)
        nextOffset = baseOffset
    }

    /// The segment's size in bytes.
    var size: Int { log.size }

    /// Step 2: checks the batch, gives it the next offsets, writes it at the
    /// end of the file and indexes it when the index is empty or at least
    /// `indexIntervalBytes` were appended since the last indexed batch began.
    /// Returns the batch's base offset.
    func append(_ batch: [UInt8]) throws -> Int64 {
        let header: RecordBatchHeader
        do {
            header = try RecordBatchHeader(batch)
        } catch let error as BatchError {
            throw LogError.invalidBatch(error)
        }
        guard header.batchSize == batch.count else { throw LogError.invalidBatch(.badLength(header.batchLength)) }
        guard header.hasValidCRC(in: batch) else { throw LogError.invalidBatch(.corrupt) }
        let baseOffset = nextOffset
        let position = try log.append(batch: batch, baseOffset: baseOffset)
        if index.entries.isEmpty || bytesSinceLastIndexEntry >= indexIntervalBytes {
            try index.append(offset: baseOffset, position: position)
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += batch.count
        nextOffset = baseOffset + Int64(header.lastOffsetDelta) + 1
        return baseOffset
    }

    /// Step 3: whole batches from the one holding `offset`, up to `maxBytes`
    /// (but at least one), stopping at the first batch whose last offset is
    /// not below `maxOffset` (the high watermark).
    func read(from offset: Int64, maxBytes: Int, maxOffset: Int64) throws -> [UInt8] {
        var position = try index.lookup(offset)?.position ?? 0
        var start: Int? = nil
        var end = 0
        while position + RecordBatchHeader.size <= log.size {
            let header = try RecordBatchHeader(try log.read(at: position, count: RecordBatchHeader.size),
                                               available: log.size - position)
            if header.nextOffset > maxOffset { break }
            if header.lastOffset >= offset {
                if start == nil {
                    start = position
                } else if position + header.batchSize - start! > maxBytes {
                    break
                }
                end = position + header.batchSize
            }
            position += header.batchSize
        }
        guard let start else { return [] }
        return try log.read(at: start, count: end - start)
    }
}
