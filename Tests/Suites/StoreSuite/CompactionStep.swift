import Contracts
import Foundation
import LabKit

extension StoreSuite {
    /// Step 6: size-tiered compaction merges similar SSTables, drops what is
    /// shadowed, and drops tombstones only after gc grace.
    static let compactionStep = Step<any StoreLab>(
        6, "Size-tiered compaction",
        file: "Labs/Store/Compaction.swift", function: "Compaction.buckets(_:), Compaction.purge(_:now:gcBefore:) and compact(now:)",
        hints: [
            "buckets: sort the SSTables by dataSize; each joins the first bucket whose current average size it is within 0.5× to 1.5× of, else starts its own bucket.",
            "compact(now:): keep the buckets with at least config.compactionMinThreshold SSTables; take the one with the smallest average size, at most config.compactionMaxThreshold of it, and hand it to compact(_:now:) (given: it merges, purges each partition, writes the new SSTable and deletes the old files). No bucket ready: return 0.",
            "purge: for each row, LiveRows.deletion(covering:in:) says what shadows it: drop the cells and the marker it deletes, and keep the row's own deletion only if it is that covering deletion. Drop range tombstones the partition deletion covers. An expired cell becomes Cell(tombstoneAt: its timestamp, localDeletionTime: its expiresAt).",
            "purge, gc grace: a tombstone cell, a row deletion, a range tombstone or the partition deletion whose localDeletionTime < gcBefore goes, and so does a row marker whose expiresAt < gcBefore. Drop rows left with no marker, no deletion and no cells; return nil when nothing is left at all.",
        ],
        reading: "Labs/Store/README.md#step-6-size-tiered-compaction"
    ) { lab, context in
        var config = StoreConfig()
        config.gcGraceSeconds = 100
        config.compactionMinThreshold = 4

        // Four similar small SSTables and a big one: the four are compacted.
        let dir = context.directory.appendingPathComponent("tiered")
        let table = try lab.openTable(in: dir, config: config)
        for i in 0..<2_000 { try table.apply(insert(10_000 + i, 1, ["body": "big \(i)"], at: 1)) }
        try table.flush()
        for round in 0..<4 {
            for i in 0..<200 { try table.apply(insert(i, round, ["body": "round \(round) of \(i)"], at: Int64(10 + round))) }
            try table.flush()
        }
        let before = table.sstables.map(\.generation)
        let touchedBefore = try table.read(key(5), range: .all, now: now).sstablesTouched
        try expectEqual(touchedBefore, 4, "sstablesTouched of read(\(key(5))) before compaction (it is in four SSTables)")
        let merged = try attempt("compact(now:) with four small SSTables and a big one") { try table.compact(now: now) }
        try expectEqual(merged, 4, "compact(now:) with four similar small SSTables and one ten times bigger (how many it merged)")
        let after = table.sstables.map(\.generation)
        try expect(after.count == 2 && after[0] == before[0] && after[1] > before.max()!,
                   "after compacting the four small SSTables (generations \(before.dropFirst())), the table should hold the big one (generation \(before[0])) and one new generation above \(before.max()!); it holds generations \(after)")
        for generation in before.dropFirst() {
            try expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nb-\(generation)-big-Data.db").path),
                       "nb-\(generation)-big-Data.db is still there after it was compacted: delete the old SSTables' files")
        }
        let read = try table.read(key(5), range: .all, now: now)
        try expectEqual(read.sstablesTouched, 1, "sstablesTouched of read(\(key(5))) after compaction")
        try expectEqual(brief(read.rows), brief((0..<4).map { round in
            Row(clustering: clustering(round), liveness: LivenessInfo(timestamp: Int64(10 + round)),
                cells: ["body": cell("round \(round) of 5", at: Int64(10 + round))])
        }), "read(\(key(5))) after compaction")
        try expectEqual(try table.read(key(10_005), range: .all, now: now).rows.first?.cells["body"], cell("big 5", at: 1),
                        "read(\(key(10_005))) (in the big SSTable) after compaction")
        try expectEqual(try table.compact(now: now), 0, "compact(now:) again, with two SSTables of very different sizes (no bucket of 4)")
        try expectEqual(try table.compactAll(now: now), 2, "compactAll(now:) with two SSTables")
        try expectEqual(table.sstables.count, 1, "sstables.count after compactAll(now:)")
        try expectEqual(table.sstables[0].partitionCount, 2_200, "partitionCount of the SSTable compactAll made")

        // At most compactionMaxThreshold SSTables in one round: the bucket's smallest.
        var capped = config
        capped.compactionMinThreshold = 2
        capped.compactionMaxThreshold = 3
        let cappedTable = try lab.openTable(in: context.directory.appendingPathComponent("capped"), config: capped)
        for round in 0..<5 {
            for i in 0..<(50 + 2 * round) { try cappedTable.apply(insert(i, round, ["body": "round \(round) of \(i)"], at: Int64(10 + round))) }
            try cappedTable.flush()
        }
        let five = cappedTable.sstables.map(\.generation)  // sizes grow with the generation
        try expectEqual(try cappedTable.compact(now: now), 3,
                        "compact(now:) with five similar SSTables and compactionMaxThreshold = 3 (how many it merged)")
        let left = cappedTable.sstables.map(\.generation)
        try expect(left.count == 3 && left[0] == five[3] && left[1] == five[4] && left[2] > five.max()!,
                   "after compacting at most 3 of five similar SSTables (generations \(five), smallest first), the table should hold the two biggest (\(five[3]), \(five[4])) and one new generation; it holds \(left)")

        // Tombstones: shadowed data goes at once; tombstones only after gc grace.
        let gcDir = context.directory.appendingPathComponent("gc")
        let gc = try lab.openTable(in: gcDir, config: config)
        try gc.apply(Partition(key: key(1), rows: (1...3).map { Row(clustering: clustering($0), liveness: LivenessInfo(timestamp: 10), cells: ["v": cell("a\($0)", at: 10)]) }))
        try gc.apply(Partition(key: key(2), rows: (1...2).map { Row(clustering: clustering($0), liveness: LivenessInfo(timestamp: 10), cells: ["v": cell("b\($0)", at: 10)]) }))
        try gc.apply(Partition(key: key(3), rows: [Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 10, expiresAt: now + 50),
                                                       cells: ["v": cell("ttl", at: 10, expiresAt: now + 50)])]))
        try gc.apply(Partition(key: key(4), rows: [Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 10), cells: ["v": cell("d1", at: 10)])]))
        try gc.flush()
        try gc.apply(Partition(key: key(1), deletion: deletion(at: 20)))
        try gc.apply(Partition(key: key(4), deletion: deletion(at: 20),
                               rangeTombstones: [RangeTombstone(range: ClusteringRange(start: .init(prefix: clustering(1).bytes, inclusive: true)),
                                                                deletion: deletion(at: 15))],
                               rows: [Row(clustering: clustering(1), deletion: deletion(at: 12))]))
        try gc.apply(Partition(key: key(2), rows: [Row(clustering: clustering(1), deletion: deletion(at: 20)),
                                                  Row(clustering: clustering(2), cells: ["v": tombstone(at: 20)])]))
        try gc.flush()
        func stored(_ when: String) throws -> [PartitionKey: Partition] {
            try expectEqual(gc.sstables.count, 1, "sstables.count after compactAll(now: \(when))")
            return Dictionary(uniqueKeysWithValues: try gc.sstables[0].partitions().map { ($0.key, $0) })
        }
        try expectEqual(try attempt("compactAll(now: now + 10)") { try gc.compactAll(now: now + 10) }, 2, "compactAll(now: now + 10)")
        var kept = try stored("now + 10")
        try expectEqual(kept[key(1)], Partition(key: key(1), deletion: deletion(at: 20)),
                        "the partition of \(key(1)) (3 rows at 10, deleted at 20) after compaction within gc grace (the deletion stays, the rows it shadows go)")
        try expectEqual(kept[key(4)], Partition(key: key(4), deletion: deletion(at: 20)),
                        "the partition of \(key(4)) (a row at 10; a row deletion at 12, a range tombstone at 15 and the partition deletion at 20) after compaction within gc grace: the newer partition deletion shadows the row, its deletion and the range tombstone, so only it stays")
        try expectEqual(kept[key(2)]?.rows, [
            Row(clustering: clustering(1), deletion: deletion(at: 20)),
            Row(clustering: clustering(2), liveness: LivenessInfo(timestamp: 10), cells: ["v": tombstone(at: 20)]),
        ], "the rows of \(key(2)) (row 1 deleted at 20, row 2's cell deleted at 20) after compaction within gc grace")
        try expectEqual(kept[key(3)]?.rows.first?.cells["v"], cell("ttl", at: 10, expiresAt: now + 50),
                        "the cell of \(key(3)) after compaction at now + 10 (it expires at now + 50)")
        try gc.compactAll(now: now + 60)
        kept = try stored("now + 60")
        try expectEqual(kept[key(3)]?.rows.first?.cells["v"], tombstone(at: 10, deletedAt: now + 50),
                        "the cell of \(key(3)) after compaction at now + 60: it expired at now + 50, so it becomes a tombstone deleted then")
        try expect(kept[key(1)] != nil, "\(key(1))'s partition deletion (at now) was dropped at now + 60, within gc grace (100 s)")
        try gc.compactAll(now: now + 200)
        kept = try stored("now + 200")
        try expectEqual(kept.keys.sorted(), [key(2)], "the keys left after compaction at now + 200, past gc grace for every tombstone")
        try expectEqual(kept[key(2)]?.rows, [Row(clustering: clustering(2), liveness: LivenessInfo(timestamp: 10))],
                        "the rows of \(key(2)) after compaction past gc grace (row 1's deletion and row 2's tombstone cell gone)")
        try expectEqual(brief(try gc.read(key(2), range: .all, now: now + 200).rows), brief([Row(clustering: clustering(2), liveness: LivenessInfo(timestamp: 10))]),
                        "read(\(key(2))) after compaction")

        // A tombstone whose data sits in an SSTable outside the compaction must stay.
        let safeDir = context.directory.appendingPathComponent("safe")
        let safe = try lab.openTable(in: safeDir, config: config)
        try safe.apply(insert(1, 1, ["v": "old"], at: 10))
        for i in 0..<2_000 { try safe.apply(insert(10_000 + i, 1, ["body": "big \(i)"], at: 1)) }
        try safe.flush()
        for round in 0..<4 {
            if round == 0 { try safe.apply(Partition(key: key(1), deletion: deletion(at: 20))) }
            for i in 0..<60 { try safe.apply(insert(100 + i, round, ["body": "filler \(i)"], at: 30)) }
            try safe.flush()
        }
        try expectEqual(try safe.compact(now: now + 1_000), 4, "compact(now:) of four small SSTables beside a big one")
        let resurrected = try safe.read(key(1), range: .all, now: now + 1_000)
        try expect(resurrected.rows.isEmpty,
                   "read(\(key(1))) after compaction returned \(brief(resurrected.rows)): the partition deletion was purged although the big SSTable, not compacted, still holds the data it deletes. Data came back from the dead (compact(_:now:) passes gcBefore = .min for such keys: does purge honour it?)")
    }
}
