import Contracts
import Foundation

/// One partition of a topic: its log, owned by an actor so requests from
/// every connection reach it one at a time.
actor Partition {
    let topic: String
    let index: Int32
    private let log: any PartitionLog
    /// Producer id → the last batch appended for it: (first sequence, base offset).
    private var producers: [Int64: (sequence: Int32, baseOffset: Int64)] = [:]

    init(topic: String, index: Int32, lab: any LogLab, directory: URL, config: LogConfig) throws {
        self.topic = topic
        self.index = index
        log = try lab.openLog(in: directory, config: config)
        producers = (try? Self.producerState(of: log)) ?? [:]  // a log that cannot be read yet (a starter) has none
    }

    /// Rebuilds which batch each idempotent producer appended last, from the
    /// active segment, so a retry after a restart is still recognised (Kafka
    /// keeps producer-state snapshots for the same purpose).
    static func producerState(of log: any PartitionLog) throws -> [Int64: (sequence: Int32, baseOffset: Int64)] {
        var state: [Int64: (sequence: Int32, baseOffset: Int64)] = [:]
        var offset = max(log.logStartOffset, log.segmentBaseOffsets.last ?? 0)
        while offset < log.highWatermark {
            let bytes = try log.read(from: offset, maxBytes: 1 << 20)
            if bytes.isEmpty { break }
            var position = 0
            while position < bytes.count {
                let header = try RecordBatchHeader(bytes, at: position)
                if header.producerID >= 0 { state[header.producerID] = (header.baseSequence, header.baseOffset) }
                offset = header.nextOffset
                position += header.batchSize
            }
        }
        return state
    }

    /// Appends a batch; a retried batch of an idempotent producer (same
    /// producer id and sequence) is not appended twice: its first offset is returned.
    func append(_ batch: [UInt8]) throws -> (baseOffset: Int64, nextOffset: Int64) {
        let header: RecordBatchHeader
        do { header = try RecordBatchHeader(batch) } catch let error as BatchError { throw LogError.invalidBatch(error) }
        if header.producerID >= 0, header.baseSequence >= 0,
           let last = producers[header.producerID], last.sequence == header.baseSequence {
            return (last.baseOffset, last.baseOffset + Int64(header.lastOffsetDelta) + 1)
        }
        let base = try log.append(batch)
        if header.producerID >= 0 { producers[header.producerID] = (header.baseSequence, base) }
        return (base, base + Int64(header.lastOffsetDelta) + 1)
    }

    func read(from offset: Int64, maxBytes: Int) throws -> [UInt8] {
        try log.read(from: offset, maxBytes: maxBytes)
    }

    func beginFlush() throws -> PendingFlush {
        try log.beginFlush()
    }

    func completeFlush(_ flush: PendingFlush) {
        log.completeFlush(flush)
    }

    /// ListOffsets by time: the base offset of the first batch holding a
    /// record at or after `timestamp` (ms), found by scanning batch headers
    /// (this log keeps no time index); nil when there is none.
    func offset(forTimestamp timestamp: Int64) throws -> Int64? {
        var offset = log.logStartOffset
        while offset < log.highWatermark {
            let bytes = try log.read(from: offset, maxBytes: 1 << 20)
            if bytes.isEmpty { return nil }
            var position = 0
            while position < bytes.count {
                let header = try RecordBatchHeader(bytes, at: position)
                if header.maxTimestamp >= timestamp { return max(header.baseOffset, offset) }
                offset = header.nextOffset
                position += header.batchSize
            }
        }
        return nil
    }

    func deleteOldSegments(now: Int64) throws -> Int {
        try log.deleteOldSegments(now: now)
    }

    /// (log start offset, high watermark, log end offset).
    var offsets: (start: Int64, highWatermark: Int64, end: Int64) {
        (log.logStartOffset, log.highWatermark, log.logEndOffset)
    }
}
