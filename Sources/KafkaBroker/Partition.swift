import Contracts
import Foundation

/// One partition of a topic: its log, owned by an actor so requests from
/// every connection reach it one at a time.
actor Partition {
    let topic: String
    let index: Int32
    private let log: any PartitionLog
    /// The partition's folder, where its producer snapshots live too.
    private let directory: URL
    /// Idempotent producers by id: their last batches here.
    private var producers: [Int64: ProducerState] = [:]
    /// The active segment's base offset as last seen: when an append moves
    /// it, the log rolled, and a producer snapshot is written for the roll.
    private var activeSegment: Int64?

    init(topic: String, index: Int32, lab: any LogLab, directory: URL, config: LogConfig) throws {
        self.topic = topic
        self.index = index
        self.directory = directory
        log = try lab.openLog(in: directory, config: config)
        producers = (try? Self.producerState(of: log, in: directory)) ?? [:]  // a log that cannot be read yet (a starter) has none
        activeSegment = log.segmentBaseOffsets.last
    }

    /// Rebuilds each idempotent producer's last batches, so a retry after a
    /// restart is still recognised: from the newest whole producer snapshot
    /// at or below the high watermark (Kafka's), replaying the batches after
    /// it; with none, from the log start offset. Snapshots past the high
    /// watermark (the log lost its tail) describe batches that are gone, and are removed.
    static func producerState(of log: any PartitionLog, in directory: URL) throws -> [Int64: ProducerState] {
        var state: [Int64: ProducerState] = [:]
        var offset = log.logStartOffset
        for snapshot in ProducerSnapshot.offsets(in: directory).reversed() {
            guard snapshot <= log.highWatermark else {
                ProducerSnapshot.remove(offset: snapshot, in: directory)
                continue
            }
            guard let saved = try? ProducerSnapshot.read(offset: snapshot, in: directory) else { continue }
            state = saved
            offset = max(offset, snapshot)
            break
        }
        try forEachBatchHeader(of: log, from: offset) { header, _ in
            if header.producerID >= 0, header.baseSequence >= 0 {
                state[header.producerID, default: ProducerState(epoch: header.producerEpoch)]
                    .appended(Self.batch(header, baseOffset: header.baseOffset), epoch: header.producerEpoch)
            }
            return true
        }
        return state
    }

    /// Reads the log from `start` up to its high watermark, 1 MiB at a time,
    /// and calls `body` with each batch's header and the offset reached
    /// before it, until `body` returns false.
    static func forEachBatchHeader(of log: any PartitionLog, from start: Int64,
                                   _ body: (RecordBatchHeader, _ reached: Int64) throws -> Bool) throws {
        var offset = start
        while offset < log.highWatermark {
            let bytes = try log.read(from: offset, maxBytes: 1 << 20)
            if bytes.isEmpty { return }
            var position = 0
            while position < bytes.count {
                let header = try RecordBatchHeader(bytes, at: position)
                guard try body(header, offset) else { return }
                offset = header.nextOffset
                position += header.batchSize
            }
        }
    }

    static func batch(_ header: RecordBatchHeader, baseOffset: Int64) -> ProducerState.Batch {
        ProducerState.Batch(firstSequence: header.baseSequence,
                            lastSequence: ProducerState.lastSequence(first: header.baseSequence, lastOffsetDelta: header.lastOffsetDelta),
                            baseOffset: baseOffset, lastOffset: baseOffset + Int64(header.lastOffsetDelta))
    }

    /// Appends a batch. An idempotent producer's batch (producer id and
    /// sequence set) that is already here is not appended again: the first
    /// offsets it got are returned; one that skipped a sequence number
    /// throws `OutOfOrderSequence`.
    func append(_ batch: [UInt8]) throws -> (baseOffset: Int64, nextOffset: Int64) {
        let header: RecordBatchHeader
        do { header = try RecordBatchHeader(batch) } catch let error as BatchError { throw LogError.invalidBatch(error) }
        let idempotent = header.producerID >= 0 && header.baseSequence >= 0
        if idempotent, let known = producers[header.producerID] {
            let last = ProducerState.lastSequence(first: header.baseSequence, lastOffsetDelta: header.lastOffsetDelta)
            switch known.verdict(epoch: header.producerEpoch, first: header.baseSequence, last: last) {
            case .append: break
            case .duplicate(let earlier): return (earlier.baseOffset, earlier.lastOffset + 1)
            case .outOfOrder(let expected):
                throw OutOfOrderSequence(producerID: header.producerID, expected: expected, got: header.baseSequence)
            }
        }
        let base = try log.append(batch)
        if let active = log.segmentBaseOffsets.last, active != activeSegment {
            // The log rolled before this batch: `producers` is the state as of the new segment's base.
            activeSegment = active
            do { try ProducerSnapshot.write(producers, offset: active, in: directory) } catch {
                // Not fatal: a restart then replays from an older snapshot or the log start.
                FileHandle.standardError.write(Data("\(topic)-\(index): no producer snapshot at \(active): \(error)\n".utf8))
            }
        }
        if idempotent {
            producers[header.producerID, default: ProducerState(epoch: header.producerEpoch)]
                .appended(Self.batch(header, baseOffset: base), epoch: header.producerEpoch)
        }
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
        var found: Int64?
        try Self.forEachBatchHeader(of: log, from: log.logStartOffset) { header, reached in
            guard header.maxTimestamp >= timestamp else { return true }
            found = max(header.baseOffset, reached)
            return false
        }
        return found
    }

    func deleteOldSegments(now: Int64) throws -> Int {
        try log.deleteOldSegments(now: now)
    }

    /// (log start offset, high watermark, log end offset).
    var offsets: (start: Int64, highWatermark: Int64, end: Int64) {
        (log.logStartOffset, log.highWatermark, log.logEndOffset)
    }
}
