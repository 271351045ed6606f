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
    /// Beyond the lab (`BackgroundFlushing`, below): a memtable switched out
    /// and being written as an SSTable outside the table's lock. Read-only;
    /// reads merge it until the SSTable replaces it.
    var switched: MemtableWrite?
    /// Beyond the lab (`BackgroundCompacting`, in BackgroundCompaction.swift):
    /// the compaction running outside the table's lock, if one is.
    var compacting: SSTableMerge?

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
        for update in try commitLog.replay() {
            try memtable.apply(update)
        }
    }

    /// Step 5: flushes first if the memtable holds `config.memtableFlushBytes`
    /// or more, then appends the update to the commit log, then applies it
    /// to the memtable. (Durable once a later `beginSync()`'s sync returns.)
    func apply(_ update: Partition) throws {
        if memtable.byteSize >= config.memtableFlushBytes { try flush() }
        try commitLog.append(update)
        try memtable.apply(update)
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
        var merged = memtable.partition(key)?.restricted(to: range)
        if let older = switched?.memtable.partition(key)?.restricted(to: range) {  // beyond the lab: a background flush
            if merged == nil { merged = older } else { try Reconcile.merge(into: &merged!, older) }
        }
        var touched = 0
        for sstable in live.reversed() {
            guard let stored = try sstable.partition(key, restrictedTo: range) else { continue }
            touched += 1
            if merged == nil {
                merged = stored
            } else {
                try Reconcile.merge(into: &merged!, stored)
            }
        }
        guard let merged else { return PartitionRead(rows: [], sstablesTouched: touched) }
        return PartitionRead(rows: try LiveRows.rows(of: merged, in: range, now: now), sstablesTouched: touched)
    }

    /// Given: the memtable's keys and every SSTable's, in ring order, once each.
    func partitionKeys() throws -> [PartitionKey] {
        var keys = Set(memtable.byKey.keys)
        if let switched { keys.formUnion(switched.memtable.byKey.keys) }
        for sstable in live { keys.formUnion(try sstable.keys()) }
        return keys.sorted()
    }

    /// Step 5: writes the memtable as SSTable `nextGeneration`
    /// (`SSTableWriter.write`), adds it to `live`, starts an empty memtable,
    /// and only then discards the commit log up to where it stood before the
    /// flush: the SSTable is durable by now. Nothing to do when empty.
    func flush() throws {
        guard memtable.count > 0 else { return }
        let position = commitLog.position
        let sstable = try SSTableWriter.write(memtable.partitions, as: descriptor(nextGeneration), config: config)
        nextGeneration += 1
        live.append(sstable)
        memtable = Memtable()
        try commitLog.discard(upTo: position)
    }

    var sstables: [any SSTableReading] { live }
    var memtableBytes: Int { memtable.byteSize }
}

/// Beyond the lab: the memtable switch, so a full memtable is written out
/// while writes go on (the server takes it when the store offers it).
extension ColumnFamilyStore: BackgroundFlushing {
    func switchMemtable() throws -> (any MemtableFlush)? {
        guard switched == nil, memtable.count > 0 else { return nil }
        let write = MemtableWrite(memtable: memtable, descriptor: descriptor(nextGeneration),
                                  commitLogPosition: commitLog.position, config: config)
        nextGeneration += 1
        switched = write
        memtable = Memtable()
        return write
    }

    func completeFlush(_ flush: any MemtableFlush) throws {
        guard let write = flush as? MemtableWrite, write === switched, let sstable = write.sstable else {
            preconditionFailure("completeFlush(_:) takes the flush switchMemtable() returned, once written")
        }
        // In generation order: a compaction may have added a newer SSTable meanwhile.
        live.insert(sstable, at: live.firstIndex { $0.generation > sstable.generation } ?? live.count)
        switched = nil
        try commitLog.discard(upTo: write.commitLogPosition)
    }
}

/// A switched-out memtable and the SSTable it becomes.
final class MemtableWrite: MemtableFlush, @unchecked Sendable {
    let memtable: Memtable
    let descriptor: SSTableDescriptor
    let commitLogPosition: Int64
    let config: StoreConfig
    /// Set by `write()`; read under the table's lock once it has returned.
    private(set) var sstable: SSTable?

    init(memtable: Memtable, descriptor: SSTableDescriptor, commitLogPosition: Int64, config: StoreConfig) {
        self.memtable = memtable
        self.descriptor = descriptor
        self.commitLogPosition = commitLogPosition
        self.config = config
    }

    func write() throws {
        sstable = try SSTableWriter.write(memtable.partitions, as: descriptor, config: config)
    }
}
