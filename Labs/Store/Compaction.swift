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
        throw NotImplemented(step: 6)
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
        throw NotImplemented(step: 6)
    }
}

extension ColumnFamilyStore {
    /// Step 6: one round of size-tiered compaction: among the buckets with
    /// at least `compactionMinThreshold` SSTables, the one of smallest
    /// average size, at most `compactionMaxThreshold` of its smallest SSTables.
    @discardableResult
    func compact(now: Int64) throws -> Int {
        throw NotImplemented(step: 6)
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
    /// they may still shadow data there.
    func compact(_ inputs: [SSTable], now: Int64) throws -> Int {
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
        let others = live.filter { sstable in !inputs.contains { $0 === sstable } }
        let gcBefore = now - config.gcGraceSeconds
        var output: [Partition] = []
        for key in merged.keys.sorted() {
            let elsewhere = try memtable.partition(key) != nil || others.contains { try $0.mightContain(key) }
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
