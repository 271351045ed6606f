import Contracts
import Foundation

/// Beyond the lab: compaction outside the table's lock, as Cassandra's
/// compaction executor runs beside reads and writes (the server takes it
/// when the store offers it). Under the lock, `beginCompaction` picks the
/// inputs; `SSTableMerge.run()` merges, purges and writes them while the
/// table goes on; under the lock again, `completeCompaction` swaps the
/// result in.
///
/// Purging a tombstone is safe only if nothing it shadows lives outside the
/// inputs. `run()` checks the other SSTables, as `compact(_:now:)` does; the
/// memtable can only be checked under the lock, so `completeCompaction`
/// checks what may have come since the compaction began (the memtable, one
/// being flushed, SSTables flushed meanwhile) for the keys whose tombstones
/// were purged, and throws the result away if any holds older data there.
extension ColumnFamilyStore: BackgroundCompacting {
    func beginCompaction(now: Int64) throws -> (any SSTableCompaction)? {
        guard compacting == nil, let inputs = try nextCompaction() else { return nil }
        let merge = SSTableMerge(inputs: inputs, others: live.filter { sstable in !inputs.contains { $0 === sstable } },
                                 descriptor: descriptor(nextGeneration), now: now, gcBefore: now - config.gcGraceSeconds,
                                 config: config)
        nextGeneration += 1
        compacting = merge
        return merge
    }

    func completeCompaction(_ compaction: any SSTableCompaction) throws -> Int {
        guard let merge = compaction as? SSTableMerge, merge === compacting else {
            preconditionFailure("completeCompaction(_:) takes the compaction beginCompaction(now:) returned, once")
        }
        compacting = nil
        guard merge.isFinished, try !merge.purged.contains(where: { try holdsData(for: $0.key, writtenAtOrBefore: $0.upTo, since: merge) }) else {
            merge.discardOutput()
            return 0
        }
        var replaced = live.filter { sstable in !merge.inputs.contains { $0 === sstable } }
        if let output = merge.output { replaced.append(output) }
        live = replaced.sorted { $0.generation < $1.generation }
        for sstable in merge.inputs {
            for url in sstable.files { try? FileManager.default.removeItem(at: url) }
        }
        return merge.inputs.count
    }

    /// Whether something that reached the table after `merge` began holds
    /// data for `key` written at or before `timestamp`: the memtable, one
    /// being flushed, or an SSTable neither merged nor there when it began.
    private func holdsData(for key: PartitionKey, writtenAtOrBefore timestamp: Int64, since merge: SSTableMerge) throws -> Bool {
        var versions = [memtable.partition(key), switched?.memtable.partition(key)]
        for sstable in live where !merge.inputs.contains(where: { $0 === sstable }) && !merge.others.contains(where: { $0 === sstable }) {
            versions.append(try sstable.partition(key))
        }
        return versions.contains { ($0?.oldestTimestamp ?? .max) <= timestamp }
    }
}

/// One background compaction: its inputs, and what `run()` made of them.
final class SSTableMerge: SSTableCompaction, @unchecked Sendable {
    let inputs: [SSTable]
    /// The table's other SSTables when it began.
    let others: [SSTable]
    let descriptor: SSTableDescriptor
    let now: Int64
    let gcBefore: Int64
    let config: StoreConfig
    // Set by `run()`; read under the table's lock once it has returned.
    /// The merged SSTable; nil if nothing was left to keep.
    private(set) var output: SSTable?
    /// Whether `run()` got to the end.
    private(set) var isFinished = false
    /// The keys whose tombstones `run()` was free to purge, each with the
    /// newest timestamp such a tombstone had: data at or before it is what
    /// they shadowed.
    private(set) var purged: [(key: PartitionKey, upTo: Int64)] = []

    init(inputs: [SSTable], others: [SSTable], descriptor: SSTableDescriptor, now: Int64, gcBefore: Int64, config: StoreConfig) {
        self.inputs = inputs
        self.others = others
        self.descriptor = descriptor
        self.now = now
        self.gcBefore = gcBefore
        self.config = config
    }

    func run() throws {
        let merged = try Compaction.merge(inputs)
        var kept: [Partition] = []
        kept.reserveCapacity(merged.count)
        for key in merged.keys.sorted() {
            let partition = merged[key]!
            let elsewhere = try others.contains { try $0.mightContain(key) }
            if !elsewhere, let newest = partition.newestDeletionTimestamp { purged.append((key, newest)) }
            if let survivor = try Compaction.purge(partition, now: now, gcBefore: elsewhere ? .min : gcBefore) {
                kept.append(survivor)
            }
        }
        if !kept.isEmpty { output = try SSTableWriter.write(kept, as: descriptor, config: config) }
        isFinished = true
    }

    /// Deletes what `run()` wrote, published or half-written.
    func discardOutput() {
        for component in SSTableDescriptor.Component.allCases {
            try? FileManager.default.removeItem(at: descriptor.url(component))
            try? FileManager.default.removeItem(at: descriptor.temporaryURL(component))
        }
    }
}

extension Partition {
    /// The newest timestamp of what may delete something in it: its
    /// deletions, tombstone cells, and cells with a TTL (expired, they are
    /// tombstones). Nil when nothing in it can.
    var newestDeletionTimestamp: Int64? {
        var newest: Int64?
        forEachTimestamp { timestamp, deletes in if deletes { newest = max(newest ?? .min, timestamp) } }
        return newest
    }

    /// The oldest timestamp of anything in it; nil when it is empty.
    var oldestTimestamp: Int64? {
        var oldest: Int64?
        forEachTimestamp { timestamp, _ in oldest = min(oldest ?? .max, timestamp) }
        return oldest
    }

    /// Calls `body` with every timestamp in the partition, and whether what
    /// carries it may delete something.
    private func forEachTimestamp(_ body: (_ timestamp: Int64, _ deletes: Bool) -> Void) {
        if let deletion { body(deletion.markedForDeleteAt, true) }
        for tombstone in rangeTombstones { body(tombstone.deletion.markedForDeleteAt, true) }
        for row in rows {
            if let deletion = row.deletion { body(deletion.markedForDeleteAt, true) }
            if let liveness = row.liveness { body(liveness.timestamp, false) }
            for cell in row.cells.values { body(cell.timestamp, cell.isTombstone || cell.expiresAt != nil) }
        }
    }
}
