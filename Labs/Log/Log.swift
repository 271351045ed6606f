import Contracts
import Foundation

/// A partition's log: segments oldest to newest; appends go to the last
/// (the active segment). Kafka calls this `UnifiedLog`.
final class Log: PartitionLog {
    let directory: URL
    let config: LogConfig
    var segments: [LogSegment] = []
    private(set) var highWatermark: Int64 = 0

    /// Given: opens every segment in `directory` (creating the first one in an
    /// empty directory) and recovers the active one.
    init(in directory: URL, config: LogConfig) throws {
        self.directory = directory
        self.config = config
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let baseOffsets = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".log") }
            .compactMap { Int64($0.dropLast(4)) }
            .sorted()
        for baseOffset in baseOffsets {
            segments.append(try LogSegment(in: directory, baseOffset: baseOffset, indexIntervalBytes: config.indexIntervalBytes))
        }
        if segments.isEmpty {
            segments.append(try LogSegment(in: directory, baseOffset: 0, indexIntervalBytes: config.indexIntervalBytes))
        }
        for (older, newer) in zip(segments, segments.dropFirst()) { older.nextOffset = newer.baseOffset }
        if active.size > 0 { try active.recover() }
        highWatermark = logEndOffset  // what survived recovery is on disk
    }

    var active: LogSegment { segments[segments.count - 1] }
    var logStartOffset: Int64 { segments[0].baseOffset }
    var logEndOffset: Int64 { active.nextOffset }
    var segmentBaseOffsets: [Int64] { segments.map(\.baseOffset) }

    /// Given: rolls first when the batch would overflow the active segment.
    func append(_ batch: [UInt8]) throws -> Int64 {
        guard batch.count <= config.maxBatchBytes else {
            throw LogError.batchTooLarge(size: batch.count, max: config.maxBatchBytes)
        }
        if active.size > 0 && active.size + batch.count > config.segmentBytes { try roll() }
        return try active.append(batch)
    }

    /// Given: finds the segment holding `offset` and reads from it.
    func read(from offset: Int64, maxBytes: Int) throws -> [UInt8] {
        guard offset >= logStartOffset, offset <= logEndOffset else {
            throw LogError.offsetOutOfRange(offset: offset, logStartOffset: logStartOffset, logEndOffset: logEndOffset)
        }
        guard let first = segments.lastIndex(where: { $0.baseOffset <= offset }) else { return [] }
        for segment in segments[first...] {
            let bytes = try segment.read(from: offset, maxBytes: maxBytes, maxOffset: highWatermark)
            if !bytes.isEmpty { return bytes }
        }
        return []
    }

    /// Given: syncs the active segment (older ones were synced when they rolled).
    func flush() throws -> Int64 {
        let pending = try beginFlush()
        try pending.sync()
        completeFlush(pending)
        return highWatermark
    }

    /// Given: what `flush` syncs, to run outside this log's lock.
    func beginFlush() throws -> PendingFlush {
        PendingFlush(upTo: logEndOffset, files: [try active.log.syncHandle(), try active.index.file.syncHandle()])
    }

    /// Given.
    func completeFlush(_ flush: PendingFlush) {
        highWatermark = max(highWatermark, flush.upTo)
    }
}
