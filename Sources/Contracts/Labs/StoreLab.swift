import Foundation

/// The store lab: Cassandra's storage engine (an LSM tree), one table at a time.
///
/// Writes go to the commit log, then to the memtable; a full memtable is
/// flushed to an immutable SSTable; reads merge the memtable and the SSTables,
/// newest first; compaction merges SSTables and drops what is shadowed. The
/// server (given) speaks CQL, turns statements into `Partition` updates and
/// reads, and calls these; the student writes them. Starter: `Labs/Store`;
/// reference: `Solutions/Store`.
public protocol StoreLab: Sendable {
    /// Step 1: reconciles two versions of one partition into one (last write
    /// wins per cell; deletions kept). Used by the memtable, reads and compaction.
    func merge(_ a: Partition, _ b: Partition) throws -> Partition
    /// Step 1: an empty memtable.
    func makeMemtable() -> any MemtableStoring
    /// Step 2: opens (or creates) a commit log in `directory`.
    func openCommitLog(in directory: URL, config: StoreConfig) throws -> any CommitLogging
    /// Step 3: a bloom filter sized for `expectedKeys` at `falsePositiveChance`.
    func makeBloomFilter(expectedKeys: Int, falsePositiveChance: Double) -> any BloomFiltering
    /// Step 3: writes `partitions` (sorted by key, unique) as SSTable
    /// `generation` in `directory`, and opens it.
    func writeSSTable(_ partitions: [Partition], generation: Int, in directory: URL, config: StoreConfig) throws -> any SSTableReading
    /// Step 3: opens an SSTable written earlier, checking its checksums.
    func openSSTable(generation: Int, in directory: URL) throws -> any SSTableReading
    /// Step 4: what a client sees of a merged partition at `now` (seconds since
    /// the epoch): the live rows in `range`, in clustering order, each holding
    /// only its live cells, its row marker if that is live (else nil) and no
    /// deletion.
    func liveRows(of partition: Partition, in range: ClusteringRange, now: Int64) throws -> [Row]
    /// Steps 2–6: opens (creating, or replaying the commit log of) the table
    /// whose files are in `directory`.
    func openTable(in directory: URL, config: StoreConfig) throws -> any TableStore
}

/// A memtable: the table's recent writes in memory, sorted, merged per key.
public protocol MemtableStoring: AnyObject {
    /// Merges `update` into the partition it names.
    func apply(_ update: Partition) throws
    /// The merged partition for `key`, tombstones included; nil if never written.
    func partition(_ key: PartitionKey) -> Partition?
    /// Every partition, sorted by key (token, then bytes): what a flush writes.
    var partitions: [Partition] { get }
    /// Roughly how many bytes the memtable holds (the flush trigger).
    var byteSize: Int { get }
    /// How many partitions it holds.
    var count: Int { get }
}

/// The commit log: every write is appended here before the memtable sees it,
/// so a crash loses nothing acknowledged.
public protocol CommitLogging: AnyObject {
    /// Appends one update; returns the position just after it. A position
    /// is Cassandra's `CommitLogPosition` in one number: the segment's id
    /// times 2^32 plus the byte offset in that segment, so positions only grow.
    @discardableResult func append(_ update: Partition) throws -> Int64
    /// The position after the last append.
    var position: Int64 { get }
    /// What to fsync so that everything appended so far is durable (group commit
    /// calls this under the table's lock, then syncs outside it).
    func beginSync() throws -> PendingSync
    /// Every update still in the log, in append order; a torn or corrupt
    /// tail ends its segment's replay (it was never acknowledged).
    func replay() throws -> [Partition]
    /// Drops the log's contents up to `position`: their memtable was flushed.
    /// Whole segments go; the active one is replaced by a fresh one when
    /// everything in it is below `position`.
    func discard(upTo position: Int64) throws
}

/// A bloom filter: "definitely not here" or "maybe here".
public protocol BloomFiltering: AnyObject {
    func add(_ key: [UInt8]) throws
    func mightContain(_ key: [UInt8]) throws -> Bool
    /// The filter's bits and settings, as written to `Filter.db`.
    func serialized() -> [UInt8]
}

/// An immutable sorted table on disk: `nb-<generation>-big-Data.db`,
/// `-Index.db`, `-Filter.db` and `-Digest.crc32`.
public protocol SSTableReading: AnyObject {
    var generation: Int { get }
    /// The Data.db size in bytes (size-tiered compaction buckets by it).
    var dataSize: Int { get }
    /// How many partitions it holds.
    var partitionCount: Int { get }
    /// The bloom filter's answer for `key`: false means the key is not here.
    func mightContain(_ key: PartitionKey) throws -> Bool
    /// The partition stored for `key`, or nil; reads Data.db once (index lookup first).
    func partition(_ key: PartitionKey) throws -> Partition?
    /// Every partition key, sorted.
    func keys() throws -> [PartitionKey]
    /// Every partition, sorted by key (compaction reads them all).
    func partitions() throws -> [Partition]
    /// The files it is made of, to delete after a compaction.
    var files: [URL] { get }
}

/// One table's storage: Cassandra's `ColumnFamilyStore`.
public protocol TableStore: AnyObject {
    /// Step 5: appends `update` to the commit log, then merges it into the
    /// memtable (flushing first if the memtable is full). Durable once a
    /// later `beginSync()`'s sync has returned.
    func apply(_ update: Partition) throws
    /// Step 5: what to fsync so every applied update is durable.
    func beginSync() throws -> PendingSync
    /// Step 5: the live rows of `key` in `range`, merged from the memtable and
    /// every SSTable that may hold it, tombstones and TTLs applied at `now` (s).
    func read(_ key: PartitionKey, range: ClusteringRange, now: Int64) throws -> PartitionRead
    /// Step 5: every partition key the table holds (memtable and SSTables),
    /// sorted; some may have no live rows.
    func partitionKeys() throws -> [PartitionKey]
    /// Step 5: writes the memtable out as a new SSTable, durably, then
    /// empties it and discards the commit log it covers (no-op when empty).
    func flush() throws
    /// Step 6: one round of size-tiered compaction at `now` (s); returns how
    /// many SSTables it merged (0 when no bucket was ready).
    @discardableResult func compact(now: Int64) throws -> Int
    /// Step 6: merges every SSTable into one (`nodetool compact`); returns how many it merged.
    @discardableResult func compactAll(now: Int64) throws -> Int
    /// The live SSTables, oldest first.
    var sstables: [any SSTableReading] { get }
    /// The memtable's size in bytes.
    var memtableBytes: Int { get }
}

/// Beyond the lab: a table store that writes a full memtable out while
/// writes go on, as Cassandra does (its memtable switch, then a flush
/// writer). The reference store implements it; for one that does not (the
/// starter), `apply` flushes inline under the table's lock, which stalls
/// the table's writes for as long as the flush takes.
public protocol BackgroundFlushing: TableStore {
    /// Under the table's lock: the memtable becomes read-only (reads still
    /// merge it) and an empty one takes the writes. Returns the SSTable to
    /// write outside the lock; nil when the memtable is empty or when one
    /// switched out earlier has not been completed yet.
    func switchMemtable() throws -> (any MemtableFlush)?
    /// Under the table's lock, once `flush.write()` has returned: the new
    /// SSTable joins the live ones, the read-only memtable goes, and only
    /// then the commit log is discarded up to where it stood at the switch.
    func completeFlush(_ flush: any MemtableFlush) throws
}

/// A memtable switched out by `BackgroundFlushing.switchMemtable()`.
public protocol MemtableFlush: AnyObject, Sendable {
    /// Writes the memtable as an SSTable, durably: outside the table's lock,
    /// touching nothing the table's other work changes.
    func write() throws
}

/// Beyond the lab: a table store that compacts outside the table's lock, as
/// Cassandra's compaction executor runs beside reads and writes. The
/// reference store implements it; for one that does not (the starter),
/// `compact(now:)` runs under the lock, and the table's reads and writes
/// wait for as long as it takes to merge and write its SSTables.
public protocol BackgroundCompacting: TableStore {
    /// Under the table's lock: the SSTables one round of size-tiered
    /// compaction merges (those `compact(now:)` would pick), to merge outside
    /// the lock. Nil when no bucket is ready, or while one compaction begun
    /// earlier has not been completed.
    func beginCompaction(now: Int64) throws -> (any SSTableCompaction)?
    /// Under the table's lock, after `compaction.run()` returned or threw:
    /// the merged SSTable replaces its inputs, whose files go; returns how
    /// many SSTables merged. Returns 0 and deletes what `run()` wrote,
    /// keeping the inputs, when `run()` failed, or when a tombstone it purged
    /// might shadow data that reached the table while it ran.
    func completeCompaction(_ compaction: any SSTableCompaction) throws -> Int
}

/// A compaction begun by `BackgroundCompacting.beginCompaction(now:)`.
public protocol SSTableCompaction: AnyObject, Sendable {
    /// Merges and purges the inputs and writes the result as a new SSTable,
    /// durably: outside the table's lock, touching nothing the table's other
    /// work changes.
    func run() throws
}
