import Contracts
import Foundation

/// Size-tiered compaction, Cassandra's `SizeTieredCompactionStrategy`:
/// SSTables of similar size are merged into one, so a read touches few of
/// them, and what deletions shadow, and old tombstones, are dropped.
enum Compaction {
    /// Step 6: groups SSTables of similar size: taken from smallest to
    /// largest, each joins the first bucket whose average size it is within
    /// 0.5–1.5× of, ends included (the average moves as it joins), else
    /// starts a new bucket.
    static func buckets(_ sstables: [SSTable]) throws -> [[SSTable]] {
        var buckets: [(members: [SSTable], total: Int)] = []
        for sstable in sstables.sorted(by: { $0.dataSize < $1.dataSize }) {
            let size = Double(sstable.dataSize)
            if let i = buckets.firstIndex(where: { bucket in
                let average = Double(bucket.total) / Double(bucket.members.count)
                return size >= average * 0.5 && size <= average * 1.5
            }) {
                buckets[i].members.append(sstable)
                buckets[i].total += sstable.dataSize
            } else {
                buckets.append(([sstable], sstable.dataSize))
            }
        }
        return buckets.map(\.members)
    }

    /// Given: every partition of `inputs`, one per key, its versions merged.
    static func merge(_ inputs: [SSTable]) throws -> [PartitionKey: Partition] {
        var merged: [PartitionKey: Partition] = [:]
        for sstable in inputs {
            for partition in try sstable.partitions() {
                if let index = merged.index(forKey: partition.key) {
                    try Reconcile.merge(into: &merged.values[index], partition)
                } else {
                    merged[partition.key] = partition
                }
            }
        }
        return merged
    }

    /// Step 6: what compaction keeps of a merged partition at `now`:
    /// - data a deletion shadows goes: cells and row markers deleted by the
    ///   row's covering deletion (`LiveRows.deletion(covering:in:)`); the
    ///   row's own deletion unless it is that covering deletion (a newer
    ///   partition deletion or range tombstone shadows it); range tombstones
    ///   no newer than the partition deletion;
    /// - an expired cell becomes a tombstone (same timestamp, deleted at its
    ///   expiry time);
    /// - tombstones older than `gcBefore` go: tombstone cells, row markers
    ///   that expired, row and range deletions and the partition deletion
    ///   whose local deletion time is before it;
    /// - rows left with nothing go. Nil when nothing is left at all.
    static func purge(_ partition: Partition, now: Int64, gcBefore: Int64) throws -> Partition? {
        var purged = Partition(key: partition.key)
        let partitionDeletion = partition.deletion
        purged.rangeTombstones = partition.rangeTombstones.filter { tombstone in
            partitionDeletion?.deletes(tombstone.deletion.markedForDeleteAt) != true
                && tombstone.deletion.localDeletionTime >= gcBefore
        }
        purged.rows.reserveCapacity(partition.rows.count)
        for row in partition.rows {
            let deletion = try LiveRows.deletion(covering: row, in: partition)
            var kept = Row(clustering: row.clustering)
            if let rowDeletion = row.deletion, rowDeletion == deletion, rowDeletion.localDeletionTime >= gcBefore {
                kept.deletion = rowDeletion
            }
            if let liveness = row.liveness, deletion?.deletes(liveness.timestamp) != true,
               (liveness.expiresAt ?? .max) >= gcBefore {
                kept.liveness = liveness
            }
            for (name, cell) in row.cells where deletion?.deletes(cell.timestamp) != true {
                var cell = cell
                if let expiresAt = cell.expiresAt, !cell.isLive(now: now) {
                    cell = Cell(tombstoneAt: cell.timestamp, localDeletionTime: expiresAt)
                }
                if let deletedAt = cell.localDeletionTime, cell.isTombstone, deletedAt < gcBefore { continue }
                kept.cells[name] = cell
            }
            if kept.liveness != nil || kept.deletion != nil || !kept.cells.isEmpty {
                purged.rows.append(kept)
            }
        }
        if let partitionDeletion, partitionDeletion.localDeletionTime >= gcBefore {
            purged.deletion = partitionDeletion
        }
        return purged.deletion == nil && purged.rangeTombstones.isEmpty && purged.rows.isEmpty ? nil : purged
    }
}

extension ColumnFamilyStore {
    /// Step 6: one round of size-tiered compaction: among the buckets with
    /// at least `compactionMinThreshold` SSTables, the one of smallest
    /// average size, at most `compactionMaxThreshold` of its smallest SSTables.
    @discardableResult
    func compact(now: Int64) throws -> Int {
        guard let inputs = try nextCompaction() else { return 0 }
        return try compact(inputs, now: now)
    }

    /// The SSTables that round merges; nil when no bucket is ready. (Also
    /// what a background compaction takes: `beginCompaction(now:)`.)
    func nextCompaction() throws -> [SSTable]? {
        let ready = try Compaction.buckets(live).filter { $0.count >= config.compactionMinThreshold }
        func average(_ bucket: [SSTable]) -> Int { bucket.map(\.dataSize).reduce(0, +) / bucket.count }
        guard let bucket = ready.min(by: { average($0) < average($1) }) else { return nil }
        return Array(bucket.prefix(config.compactionMaxThreshold))
    }

    /// Given: a major compaction, every SSTable into one.
    @discardableResult
    func compactAll(now: Int64) throws -> Int {
        live.isEmpty ? 0 : try compact(live, now: now)
    }

    /// Given: merges `inputs` into one new SSTable, purged, and swaps it in:
    /// the new SSTable is durable before the old files go, so a crash in
    /// between leaves both, which read the same. Tombstones may be purged
    /// only for keys that no other SSTable and not the memtable may hold:
    /// they may still shadow data there. (Beyond the lab: nor a memtable
    /// being flushed in the background.)
    func compact(_ inputs: [SSTable], now: Int64) throws -> Int {
        let merged = try Compaction.merge(inputs)
        let others = live.filter { sstable in !inputs.contains { $0 === sstable } }
        let gcBefore = now - config.gcGraceSeconds
        var output: [Partition] = []
        for key in merged.keys.sorted() {
            let elsewhere = try memtable.partition(key) != nil || switched?.memtable.partition(key) != nil
                || others.contains { try $0.mightContain(key) }
            if let kept = try Compaction.purge(merged[key]!, now: now, gcBefore: elsewhere ? .min : gcBefore) {
                output.append(kept)
            }
        }
        var replaced = others
        if !output.isEmpty {
            replaced.append(try SSTableWriter.write(output, as: descriptor(nextGeneration), config: config))
            nextGeneration += 1
        }
        live = replaced.sorted { $0.generation < $1.generation }
        for sstable in inputs {
            for url in sstable.files { try? FileManager.default.removeItem(at: url) }
        }
        return inputs.count
    }
}
