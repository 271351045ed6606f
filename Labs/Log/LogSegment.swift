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

    /// Step 2: checks the batch (a whole, valid record batch, else
    /// `LogError.invalidBatch`), gives it the next offsets, writes it at the
    /// end of the file and indexes it when the index is empty or at least
    /// `indexIntervalBytes` were appended since the last indexed batch began.
    /// Returns the batch's base offset.
    func append(_ batch: [UInt8]) throws -> Int64 {
        throw NotImplemented(step: 2)
    }

    /// Step 3: whole batches from the one holding `offset`, up to `maxBytes`
    /// (but always at least one), stopping at the first batch whose last
    /// offset is not below `maxOffset` (the high watermark). Empty when there is none.
    func read(from offset: Int64, maxBytes: Int, maxOffset: Int64) throws -> [UInt8] {
        throw NotImplemented(step: 3)
    }
}
