import Contracts
import Foundation
import LabKit

extension StoreSuite {
    /// Step 5: the write path (commit log, memtable, flush) and the read path
    /// (memtable and SSTables merged), durable across a crash.
    static let tableStep = Step<any StoreLab>(
        5, "The table: write and read paths",
        file: "Labs/Store/ColumnFamilyStore.swift",
        function: "apply(_:), flush(), read(_:range:now:) and replayCommitLog()",
        hints: [
            "apply: if memtable.byteSize >= config.memtableFlushBytes, flush() first. Then commitLog.append(update) — the commit log before the memtable, always — then memtable.apply(update).",
            "flush: nothing to do when the memtable is empty. Remember commitLog.position, write memtable.partitions with SSTableWriter.write(_:as: descriptor(nextGeneration), config:), bump nextGeneration, append the SSTable to live, start a new Memtable(), and only then commitLog.discard(upTo:) the remembered position: the SSTable is durable by now.",
            "read: start from memtable.partition(key), then for each SSTable, newest first (live.reversed()), sstable.partition(key) (it asks the bloom filter); count those that return a partition and merge it in (Reconcile.merge(into:_:)). Finish with LiveRows.rows(of:in:now:).",
            "replayCommitLog (init calls it): apply every update of commitLog.replay() to the memtable (not to the commit log again).",
        ],
        reading: "Labs/Store/README.md#step-5-the-table-write-and-read-paths"
    ) { lab, context in
        let dir = context.directory.appendingPathComponent("chirps")
        var config = StoreConfig()
        config.memtableFlushBytes = 48 << 10
        let table = try attempt("openTable") { try lab.openTable(in: dir, config: config) }
        try expectEqual(try table.partitionKeys(), [], "partitionKeys() of a new table")
        let empty = try attempt("read on an empty table") { try table.read(key(1), range: .all, now: now) }
        try expect(empty.rows.isEmpty && empty.sstablesTouched == 0, "read(\(key(1))) on an empty table returned \(brief(empty.rows)), \(empty.sstablesTouched) SSTables touched")

        // Writes: 4000 updates over 300 keys, some overwrites, a few deletions.
        var model: [PartitionKey: [Int: String]] = [:]
        var random = SplitMix64(seed: 7)
        var timestamp: Int64 = 1_000
        for i in 0..<4_000 {
            let k = Int(random.int(in: 0...299))
            let c = Int(random.int(in: 0...9))
            timestamp += 1
            if i % 97 == 0 {
                try attempt("apply(a partition deletion)") {
                    try table.apply(Partition(key: key(k), deletion: deletion(at: timestamp)))
                }
                model[key(k)] = [:]
            } else {
                let text = "chirp \(i) " + String(repeating: "x", count: Int(random.int(in: 0...40)))
                try attempt("apply(update \(i))") { try table.apply(insert(k, c, ["body": text], at: timestamp)) }
                model[key(k), default: [:]][c] = text
            }
        }
        let flushed = table.sstables.count
        try expect(flushed >= 3,
                   "after about 300 KB of updates with memtableFlushBytes = 48 KB the table should have flushed several SSTables; it has \(flushed): flush before apply when memtable.byteSize >= config.memtableFlushBytes")
        try expect(table.memtableBytes < 64 << 10, "memtableBytes is \(table.memtableBytes), above the flush threshold (48 KB): apply should flush when it is full")
        func checkAll(_ table: any TableStore, _ what: String) throws {
            for (k, rows) in model {
                let read = try attempt("read(\(k)) \(what)") { try table.read(k, range: .all, now: now) }
                let got = read.rows.map { row in
                    "\(Int(row.clustering.bytes[1]))=" + (row.cells["body"]?.value.map { String(decoding: $0, as: UTF8.self) } ?? "nil")
                }
                let expected = rows.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                try expect(got == expected, "read(\(k)) \(what) returned rows \(got), expected \(expected)")
            }
            let keys = try table.partitionKeys()
            try expectEqual(keys, model.keys.sorted(), "partitionKeys() \(what) (every key ever written, deleted ones too, in ring order)")
        }
        try checkAll(table, "after 4000 updates")
        let ranged = try table.read(key(7), range: .prefix(clustering(3).bytes), now: now)
        try expectEqual(ranged.rows.map(\.clustering), model[key(7)]?[3] == nil ? [] : [clustering(3)], "the clusterings read(\(key(7)), range: row 3 only) returned")

        // flush(): one more SSTable, an empty memtable, the commit log discarded; then reads touch SSTables.
        try attempt("flush()") { try table.flush() }
        try expectEqual(table.sstables.count, flushed + 1, "sstables.count after flush()")
        try expectEqual(table.memtableBytes, 0, "memtableBytes after flush()")
        try table.flush()
        try expectEqual(table.sstables.count, flushed + 1, "sstables.count after flush() of an empty memtable (nothing to write)")
        let logBytes = files(in: dir, prefix: "CommitLog-").map { fileBytes(dir.appendingPathComponent($0)).count }.reduce(0, +)
        try expectEqual(logBytes, 0, "the bytes in CommitLog-*.log files after flush() (its data is in an SSTable now: discard the commit log up to the flush)")
        try checkAll(table, "after flush()")
        try table.apply(insert(100_000, 1, ["body": "fresh"], at: timestamp + 1))
        try table.apply(insert(100_001, 1, ["body": "only on disk"], at: timestamp + 1))
        try table.flush()
        try table.apply(insert(100_002, 1, ["body": "only in memory"], at: timestamp + 2))
        try table.apply(insert(100_000, 2, ["body": "newer"], at: timestamp + 2))
        let inMemory = try table.read(key(100_002), range: .all, now: now)
        try expectEqual(inMemory.sstablesTouched, 0, "sstablesTouched of read(a key only in the memtable)")
        let onDisk = try table.read(key(100_001), range: .all, now: now)
        try expectEqual(onDisk.sstablesTouched, 1, "sstablesTouched of read(a key in one SSTable)")
        let both = try table.read(key(100_000), range: .all, now: now)
        try expectEqual(both.rows.map(\.clustering), [clustering(1), clustering(2)], "read(a key in the memtable and an SSTable): its rows")
        model[key(100_000)] = [1: "fresh", 2: "newer"]
        model[key(100_001)] = [1: "only on disk"]
        model[key(100_002)] = [1: "only in memory"]

        // Crash: sync, then open the directory again without closing the table.
        try table.beginSync().sync()
        let restarted = try attempt("openTable after a crash (the first table was never closed)") { try lab.openTable(in: dir, config: config) }
        try checkAll(restarted, "after a crash and restart")
        try expectEqual(restarted.sstables.map(\.generation), table.sstables.map(\.generation), "the SSTable generations after a restart")

        // Leftovers of a crash in the middle of a flush are ignored.
        try Data("half an sstable".utf8).write(to: dir.appendingPathComponent("nb-99-big-Data.db.tmp"))
        try Data("half an index".utf8).write(to: dir.appendingPathComponent("nb-99-big-Index.db.tmp"))
        let again = try attempt("openTable with leftover nb-99-big-*.tmp files") { try lab.openTable(in: dir, config: config) }
        try expectEqual(again.sstables.count, table.sstables.count, "sstables.count after opening with leftover temporary files")
        try again.flush()
        try checkAll(again, "after a restart with leftover temporary files and a flush")

        // A flush that fails (the disk is full) loses nothing: the commit log
        // is discarded only once the SSTable is durable.
        var fullDisk = config
        fullDisk.simulateFullDisk = true
        let crowded = try attempt("openTable with config.simulateFullDisk") { try lab.openTable(in: dir, config: fullDisk) }
        for c in 0..<3 {
            let text = "kept through a failed flush \(c)"
            try attempt("apply(update) before a flush on a full disk") { try crowded.apply(insert(200_000, c, ["body": text], at: timestamp + 3)) }
            model[key(200_000), default: [:]][c] = text
        }
        try crowded.beginSync().sync()
        _ = try expectError("flush() on a full disk (config.simulateFullDisk: an SSTable written through descriptor(nextGeneration) fails with ENOSPC)") {
            try crowded.flush()
        }
        let recovered = try attempt("openTable after a flush that failed") { try lab.openTable(in: dir, config: config) }
        do {
            try checkAll(recovered, "after a flush that failed on a full disk, and a restart")
        } catch let failure as CheckFailure {
            throw CheckFailure("flush() lost updates when its SSTable write failed: " + failure.message
                               + ". Discard the commit log only after SSTableWriter.write has returned: if the write throws, the commit log must still hold every update")
        }
    }
}
