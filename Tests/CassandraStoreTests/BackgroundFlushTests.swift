import CQL
import CassandraStore
import Contracts
import Foundation
import StoreSolution
import Testing

/// The reference store's memtables are written out while writes go on
/// (`BackgroundFlushing`): nothing written is ever missing from a read,
/// and a restart finds every row.
@Suite("Store background flush")
struct BackgroundFlushTests {
    static func update(_ i: Int) -> Partition {
        let value = Array("value \(i) ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 200)
        return Partition(key: PartitionKey(Array("key-\(i)".utf8)), rows: [
            Row(clustering: Clustering([]), liveness: LivenessInfo(timestamp: Int64(i) + 1, expiresAt: nil),
                cells: ["v": Cell(value: value, timestamp: Int64(i) + 1)]),
        ])
    }

    static func metadata() -> TableMetadata {
        TableMetadata(keyspace: "ks", name: "t", id: UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, columns: [
            ColumnMetadata(name: "k", type: .blob, kind: .partitionKey, position: 0),
            ColumnMetadata(name: "v", type: .blob, kind: .regular, position: -1),
        ])
    }

    @Test("writes go on while full memtables are flushed; reads see every row meanwhile; a restart finds them all")
    func flushesWhileWriting() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bgflush-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = StoreConfig()
        config.memtableFlushBytes = 64 << 10  // a flush every ~250 rows
        let engine = StorageEngine(directory: directory, lab: StoreToolkit(), config: config)
        let table = try engine.table(Self.metadata())
        let writers = 4, batches = 40, perBatch = 50
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for batch in 0..<batches {
                        let first = (writer * batches + batch) * perBatch
                        try await table.write((first..<first + perBatch).map(Self.update))
                        // What this writer has written so far reads back, whatever is being flushed.
                        for i in stride(from: writer * batches * perBatch, to: first + perBatch, by: 97) {
                            let rows = try table.read(Self.update(i).key, range: .all, now: 0).rows
                            let found = rows.first?.cells["v"]?.value == Self.update(i).rows[0].cells["v"]?.value
                            #expect(found, "row \(i) went missing while memtables were flushed")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = writers * batches * perBatch
        #expect(table.sstableCount >= 10, "8,000 rows of ~230 bytes with 64 KB memtables: \(table.sstableCount) SSTables")
        #expect(try table.partitionKeys().count == total)
        try table.flush()

        let reopened = try StorageEngine(directory: directory, lab: StoreToolkit(), config: config).table(Self.metadata())
        #expect(try reopened.partitionKeys().count == total)
        for i in stride(from: 0, to: total, by: 13) {
            #expect(try reopened.read(Self.update(i).key, range: .all, now: 0).rows.count == 1, "row \(i) after a restart")
        }
    }

    @Test("compaction keeps a tombstone past gc grace while a memtable being flushed may hold what it shadows")
    func compactionSeesTheSwitchedMemtable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bgflush-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = StoreConfig()
        config.gcGraceSeconds = 10
        let table = try #require(try StoreToolkit().openTable(in: directory, config: config) as? any BackgroundFlushing)
        let key = PartitionKey(Array("k".utf8))
        // A partition deletion at t=100 (local time 1,000 s) in each of four SSTables: a compaction bucket.
        for _ in 0..<4 {
            try table.apply(Partition(key: key, deletion: DeletionTime(markedForDeleteAt: 100, localDeletionTime: 1_000)))
            try table.flush()
        }
        // An older write (t=50, USING TIMESTAMP) that the deletion shadows, in a memtable switched out and not yet written.
        try table.apply(Partition(key: key, rows: [
            Row(clustering: Clustering([]), liveness: LivenessInfo(timestamp: 50, expiresAt: nil),
                cells: ["v": Cell(value: Array("old".utf8), timestamp: 50)]),
        ]))
        let flush = try #require(try table.switchMemtable())
        #expect(try table.read(key, range: .all, now: 2_000).rows.isEmpty, "the deletion shadows the older write")
        try table.compactAll(now: 2_000)  // long past gc grace
        try flush.write()
        try table.completeFlush(flush)
        #expect(try table.read(key, range: .all, now: 2_000).rows.isEmpty,
                "compaction purged the deletion while the memtable being flushed held the write it shadows: the write came back")
    }

    @Test("TRUNCATE (drop, then reopen) waits for a flush under way: none of the old rows comes back")
    func truncateWaitsForTheFlush() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bgflush-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = StoreConfig()
        config.memtableFlushBytes = 256 << 10
        let engine = StorageEngine(directory: directory, lab: StoreToolkit(), config: config)
        let table = try engine.table(Self.metadata())
        for batch in 0..<20 { try await table.write((batch * 100..<batch * 100 + 100).map(Self.update)) }
        try engine.drop(Self.metadata())
        let reopened = try engine.table(Self.metadata())
        #expect(try reopened.partitionKeys().isEmpty)
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path).filter { $0.hasSuffix("Data.db") }
        #expect(files.isEmpty, "an SSTable of the truncated table was written after the drop: \(files)")
    }
}

