import Contracts
import Foundation

/// One table's storage, Cassandra's `ColumnFamilyStore`: a commit log, a
/// memtable and the SSTables flushed from it, in `directory`.
final class ColumnFamilyStore: TableStore {
    let directory: URL
    let config: StoreConfig
    let commitLog: CommitLog
    var memtable = Memtable()
    /// The live SSTables, oldest (lowest generation) first.
    var live: [SSTable] = []
    var nextGeneration = 1

    /// Given: removes what a crash left half-written, opens the SSTables and
    /// the commit log, then replays the commit log into the memtable.
    init(in directory: URL, config: StoreConfig) throws {
        self.directory = directory
        self.config = config
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SSTableDescriptor.removeLeftovers(in: directory)
        for generation in try SSTableDescriptor.generations(in: directory) {
            live.append(try SSTable(SSTableDescriptor(directory: directory, generation: generation)))
        }
        nextGeneration = (live.last?.generation ?? 0) + 1
        commitLog = try CommitLog(in: directory, config: config)
        try replayCommitLog()
    }

    func descriptor(_ generation: Int) -> SSTableDescriptor {
        SSTableDescriptor(directory: directory, generation: generation, fullDisk: config.simulateFullDisk)
    }

    /// Step 5: after a restart (or a crash), puts every update the commit
    /// log still holds back into the memtable.
    func replayCommitLog() throws {
        throw NotImplemented(step: 5)
    }

    /// Step 5: flushes first if the memtable holds `config.memtableFlushBytes`
    /// or more, then appends the update to the commit log, then applies it
    /// to the memtable. (Durable once a later `beginSync()`'s sync returns.)
    func apply(_ update: Partition) throws {
        throw NotImplemented(step: 5)
    }

    /// Given.
    func beginSync() throws -> PendingSync {
        try commitLog.beginSync()
    }

    /// Step 5: the memtable's version of the partition merged with every
    /// SSTable's (newest first; `SSTable.partition(_:)` asks the bloom
    /// filter), counting the SSTables that held it, then the live rows.
    /// Trim each version to `range` first (`Partition.restricted(to:)`): the
    /// merge then handles only the rows asked for, not whole partitions.
    func read(_ key: PartitionKey, range: ClusteringRange, now: Int64) throws -> PartitionRead {
        throw NotImplemented(step: 5)
    }

    /// Given: the memtable's keys and every SSTable's, in ring order, once each.
    func partitionKeys() throws -> [PartitionKey] {
        var keys = Set(memtable.byKey.keys)
        for sstable in live { keys.formUnion(try sstable.keys()) }
        return keys.sorted()
    }

    /// Step 5: writes the memtable as SSTable `nextGeneration`
    /// (`SSTableWriter.write`), adds it to `live`, starts an empty memtable,
    /// and only then discards the commit log up to where it stood before the
    /// flush: the SSTable is durable by now. Nothing to do when empty.
    func flush() throws {
        throw NotImplemented(step: 5)
    }

    var sstables: [any SSTableReading] { live }
    var memtableBytes: Int { memtable.byteSize }
}
