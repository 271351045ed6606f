import Foundation

/// The log lab: Kafka's storage engine, one partition at a time.
///
/// A partition's log is a sequence of segments (`00000000000000000000.log`,
/// ...), each holding record batches back to back, with a sparse offset
/// index (`.index`) beside it. The broker (given) speaks the Kafka protocol
/// and calls these; the student writes them. Starter: `Labs/Log`; reference:
/// `Solutions/Log`.
public protocol LogLab: Sendable {
    /// Step 1: opens (or creates) the offset index of the segment starting at `baseOffset`.
    func openOffsetIndex(at url: URL, baseOffset: Int64) throws -> any OffsetIndexing
    /// Steps 2–5: opens (creating or recovering) a partition's log in `directory`.
    func openLog(in directory: URL, config: LogConfig) throws -> any PartitionLog
    /// Step 6: group commit: `sync` makes everything appended so far durable
    /// and returns the offset up to which it is.
    func makeGroupCommit(sync: @escaping @Sendable () async throws -> Int64) -> any GroupCommitting
    /// Step 7: opens (or creates) the durable store of consumer-group offsets in `directory`.
    func openOffsetStore(in directory: URL) throws -> any ConsumerOffsetStore
}

/// An offset-index entry: the batch starting at `offset` is at byte `position` of the segment.
public struct IndexEntry: Hashable, Sendable, CustomStringConvertible {
    public var offset: Int64
    public var position: Int

    public init(offset: Int64, position: Int) {
        self.offset = offset
        self.position = position
    }

    public var description: String { "(offset \(offset), position \(position))" }
}

/// A segment's sparse offset index, Kafka's `.index` file: 8-byte entries,
/// each a 4-byte offset relative to the segment's base offset and a 4-byte
/// file position, both big-endian, in increasing order.
public protocol OffsetIndexing: AnyObject {
    /// The segment's first offset; entries store offsets relative to it.
    var baseOffset: Int64 { get }
    /// All entries, in order.
    var entries: [IndexEntry] { get }
    /// Adds an entry after the last one (offsets and positions only grow).
    func append(offset: Int64, position: Int) throws
    /// The last entry whose offset is at most `offset`: where to start
    /// scanning for it. Nil when `offset` is before the first entry.
    func lookup(_ offset: Int64) throws -> IndexEntry?
    /// Removes every entry (recovery rebuilds the index).
    func removeAll() throws
    /// Forces the entries to disk.
    func sync() throws
}

/// One partition's log: append batches, read them back by offset.
public protocol PartitionLog: AnyObject {
    /// The first offset still in the log (retention moves it forward).
    var logStartOffset: Int64 { get }
    /// The offset the next appended record gets.
    var logEndOffset: Int64 { get }
    /// Records below this offset are durable (fsynced) and visible to
    /// consumers; it trails `logEndOffset` until the next `flush()`.
    var highWatermark: Int64 { get }
    /// The base offset of each segment, oldest first.
    var segmentBaseOffsets: [Int64] { get }
    /// Appends one record batch (raw Kafka record batch v2 bytes), assigning
    /// its offsets; returns the batch's base offset.
    func append(_ batch: [UInt8]) throws -> Int64
    /// Whole batches from the one holding `offset`, up to about `maxBytes`
    /// (at least one batch when there is one), never past the high watermark.
    /// Empty at the log end; `LogError.offsetOutOfRange` outside the log.
    func read(from offset: Int64, maxBytes: Int) throws -> [UInt8]
    /// Forces everything appended to disk and moves the high watermark to
    /// the log end; returns the new high watermark.
    func flush() throws -> Int64
    /// The first half of a flush, for a broker that syncs outside the log's
    /// lock so appends go on meanwhile: what to sync, and up to which offset.
    func beginFlush() throws -> PendingFlush
    /// The second half: once `flush.sync()` has returned, the high watermark
    /// moves up to `flush.upTo`.
    func completeFlush(_ flush: PendingFlush)
    /// Deletes whole old segments beyond `retentionBytes`, or last modified
    /// more than `retentionMs` before `now` (ms since the epoch); never the
    /// active segment. Returns how many went.
    func deleteOldSegments(now: Int64) throws -> Int
}

/// A flush in progress: the files to sync and the offset they cover.
public struct PendingFlush: Sendable {
    /// Everything below this offset is durable once `sync()` returns.
    public let upTo: Int64
    let files: [SyncHandle]

    public init(upTo: Int64, files: [SyncHandle]) {
        self.upTo = upTo
        self.files = files
    }

    /// Syncs the files (safe from any thread, while appends go on).
    public func sync() throws {
        for file in files { try file.sync() }
    }
}

/// Group commit: callers wait until their offset is durable, and many
/// waiting callers share one sync.
public protocol GroupCommitting: Sendable {
    /// Returns once everything below `offset` is durable.
    func waitDurable(upTo offset: Int64) async throws
}

/// A consumer group's committed position in one partition.
public struct CommittedOffset: Hashable, Sendable, Codable {
    public var offset: Int64
    public var metadata: String?

    public init(offset: Int64, metadata: String?) {
        self.offset = offset
        self.metadata = metadata
    }
}

/// Consumer-group offsets, durable: what Kafka keeps in `__consumer_offsets`.
public protocol ConsumerOffsetStore: AnyObject {
    /// Records `offset` for the group in topic-partition; durable when it returns.
    func commit(group: String, topic: String, partition: Int32, offset: CommittedOffset) throws
    /// The last committed offset, or nil.
    func fetch(group: String, topic: String, partition: Int32) -> CommittedOffset?
}
