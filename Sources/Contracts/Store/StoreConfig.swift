/// A table store's settings, after Cassandra's table options and `cassandra.yaml`.
public struct StoreConfig: Sendable {
    /// Flush the memtable to an SSTable once it holds about this many bytes
    /// (`memtable_heap_space`, per table here).
    public var memtableFlushBytes: Int = 64 << 20
    /// A commit log segment is this big before a new one starts (`commitlog_segment_size`).
    public var commitLogSegmentBytes: Int = 32 << 20
    /// Size-tiered compaction: how many similar-sized SSTables make a bucket worth compacting (`min_threshold`).
    public var compactionMinThreshold: Int = 4
    /// Size-tiered compaction: at most this many SSTables per compaction (`max_threshold`).
    public var compactionMaxThreshold: Int = 32
    /// Tombstones older than this (seconds) may be dropped by compaction (`gc_grace_seconds`).
    public var gcGraceSeconds: Int64 = 864_000
    /// Bloom filter false-positive chance (`bloom_filter_fp_chance`).
    public var bloomFilterFalsePositiveChance: Double = 0.01
    /// For tests: every SSTable write fails as on a full disk (ENOSPC), so a
    /// test can check that a flush that fails loses nothing. Off in a server.
    public var simulateFullDisk = false

    public init() {}
}

/// A commit-log sync in progress: the files to fsync and the position they
/// cover, so a server can fsync outside the store's lock while writes go on.
/// The same mechanism as the log lab's flush, under the store's own word.
public typealias PendingSync = PendingFlush
