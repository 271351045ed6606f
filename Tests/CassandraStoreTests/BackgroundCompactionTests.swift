import CQL
import CassandraStore
import Contracts
import Foundation
import StoreSolution
import Testing

/// The reference store compacts outside the table's lock
/// (`BackgroundCompacting`): reads and writes go on while SSTables merge,
/// and a tombstone is purged only if nothing that came meanwhile holds
/// data it shadows.
@Suite("Store background compaction")
struct BackgroundCompactionTests {
    static let key = PartitionKey(Array("k".utf8))

    static func write(_ key: PartitionKey, at timestamp: Int64, _ value: String) -> Partition {
        Partition(key: key, rows: [
            Row(clustering: Clustering([]), liveness: LivenessInfo(timestamp: timestamp, expiresAt: nil),
                cells: ["v": Cell(value: Array(value.utf8), timestamp: timestamp)]),
        ])
    }

    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("bgcompact-\(UUID().uuidString)")
    }

    /// Four SSTables (a compaction bucket), each with a partition deletion
    /// of `key` at t=100, local time 1,000 s; gc grace 10 s.
    static func deletedFourTimes(in directory: URL) throws -> any BackgroundCompacting {
        var config = StoreConfig()
        config.gcGraceSeconds = 10
        let table = try #require(try StoreToolkit().openTable(in: directory, config: config) as? any BackgroundCompacting)
        for _ in 0..<4 {
            try table.apply(Partition(key: key, deletion: DeletionTime(markedForDeleteAt: 100, localDeletionTime: 1_000)))
            try table.flush()
        }
        return table
    }

    @Test("an older write that comes while the compaction runs keeps the tombstone it purged: the result is thrown away")
    func olderWriteDuringTheCompaction() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try Self.deletedFourTimes(in: directory)
        let compaction = try #require(try table.beginCompaction(now: 2_000))  // long past gc grace
        try compaction.run()  // purges the deletion: no other SSTable, as it began, holds the key
        // Meanwhile a write at t=50 (USING TIMESTAMP), which the deletion shadows.
        try table.apply(Self.write(Self.key, at: 50, "old"))
        #expect(try table.completeCompaction(compaction) == 0,
                "the compaction purged the deletion although the memtable now holds a write it shadows")
        #expect(table.sstables.count == 4, "the inputs stay when the result is thrown away")
        #expect(try table.read(Self.key, range: .all, now: 2_000).rows.isEmpty, "the deletion still shadows the older write")
        let generations = try SSTableFiles.dataFiles(in: directory)
        #expect(generations.count == 4, "the thrown-away result's files are deleted: \(generations)")

        // The next round, once that write is flushed, merges it with the deletions: nothing comes back.
        try table.flush()
        let next = try #require(try table.beginCompaction(now: 2_000))
        try next.run()
        #expect(try table.completeCompaction(next) == 5)
        #expect(try table.read(Self.key, range: .all, now: 2_000).rows.isEmpty)
    }

    @Test("a newer write that comes while the compaction runs does not stop it")
    func newerWriteDuringTheCompaction() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try Self.deletedFourTimes(in: directory)
        let compaction = try #require(try table.beginCompaction(now: 2_000))
        #expect(try table.beginCompaction(now: 2_000) == nil, "one compaction at a time")
        try compaction.run()
        try table.apply(Self.write(Self.key, at: 200, "new"))
        try table.flush()  // an SSTable flushed while the compaction ran
        #expect(try table.completeCompaction(compaction) == 4)
        #expect(table.sstables.count == 1, "the deletions merged into nothing; the new write's SSTable stays")
        let rows = try table.read(Self.key, range: .all, now: 2_000).rows
        #expect(rows.first?.cells["v"]?.value == Array("new".utf8))
        #expect(try SSTableFiles.dataFiles(in: directory).count == 1, "the inputs' files are deleted")
    }

    @Test("a compaction that fails leaves its inputs live and no files behind")
    func failedRun() throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let table = try Self.deletedFourTimes(in: directory)
        let before = try SSTableFiles.dataFiles(in: directory)
        let compaction = try #require(try table.beginCompaction(now: 500))  // within gc grace: the deletion stays
        // Completed without a successful run (as when run() threw).
        #expect(try table.completeCompaction(compaction) == 0)
        #expect(table.sstables.count == 4)
        #expect(try SSTableFiles.dataFiles(in: directory) == before)
        #expect(try table.beginCompaction(now: 500) != nil, "the next round may begin")
    }

    @Test("reads and writes go on through the server's table while a compaction runs; the result replaces its inputs")
    func readsAndWritesDuringACompaction() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lab = GatedStoreLab()
        let engine = StorageEngine(directory: directory, lab: lab, config: StoreConfig())
        let table = try engine.table(BackgroundFlushTests.metadata())
        for batch in 0..<4 {
            try await table.write((batch * 100..<batch * 100 + 100).map(BackgroundFlushTests.update))
            try table.flush()
        }
        let compacted = DispatchSemaphore(value: 0)
        let merged = LockedBox(-1)
        DispatchQueue.global().async {
            merged.value = (try? table.compact(now: 0)) ?? -2
            compacted.signal()
        }
        #expect(await Self.wait(for: lab.gate.started, seconds: 30), "the compaction did not begin")
        // The compaction is now held in run(), outside the lock: a write and a read must not wait for it.
        let served = DispatchSemaphore(value: 0)
        let failure = LockedBox<String?>(nil)
        Task {
            do {
                try await table.write([BackgroundFlushTests.update(1_000)])
                _ = try table.read(BackgroundFlushTests.update(5).key, range: .all, now: 0)
            } catch {
                failure.value = "\(error)"
            }
            served.signal()
        }
        let answered = await Self.wait(for: served, seconds: 30)
        lab.gate.open.signal()
        #expect(answered, "a write or a read waited for the compaction: it holds the table's lock while it merges")
        #expect(failure.value == nil)
        #expect(await Self.wait(for: compacted, seconds: 60))
        #expect(merged.value == 4)
        #expect(table.sstableCount == 1)
        #expect(try table.partitionKeys().count == 401)
        for i in stride(from: 0, to: 400, by: 7) {
            #expect(try table.read(BackgroundFlushTests.update(i).key, range: .all, now: 0).rows.count == 1, "row \(i)")
        }
    }
}

extension BackgroundCompactionTests {
    /// Waits for `semaphore` on a thread of its own (not one of Swift's cooperative pool); false after `seconds`.
    static func wait(for semaphore: DispatchSemaphore, seconds: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: semaphore.wait(timeout: .now() + .seconds(seconds)) == .success)
            }
        }
    }
}

enum SSTableFiles {
    static func dataFiles(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix("-Data.db") }.sorted()
    }
}

final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Holds each background compaction in `run()` until the test opens the gate.
final class CompactionGate: Sendable {
    let started = DispatchSemaphore(value: 0)
    let open = DispatchSemaphore(value: 0)
}

/// The reference store lab, whose tables' compactions wait at a gate.
struct GatedStoreLab: StoreLab {
    let reference = StoreToolkit()
    let gate = CompactionGate()

    func merge(_ a: Partition, _ b: Partition) throws -> Partition { try reference.merge(a, b) }
    func makeMemtable() -> any MemtableStoring { reference.makeMemtable() }
    func openCommitLog(in directory: URL, config: StoreConfig) throws -> any CommitLogging {
        try reference.openCommitLog(in: directory, config: config)
    }
    func makeBloomFilter(expectedKeys: Int, falsePositiveChance: Double) -> any BloomFiltering {
        reference.makeBloomFilter(expectedKeys: expectedKeys, falsePositiveChance: falsePositiveChance)
    }
    func writeSSTable(_ partitions: [Partition], generation: Int, in directory: URL, config: StoreConfig) throws -> any SSTableReading {
        try reference.writeSSTable(partitions, generation: generation, in: directory, config: config)
    }
    func openSSTable(generation: Int, in directory: URL) throws -> any SSTableReading {
        try reference.openSSTable(generation: generation, in: directory)
    }
    func liveRows(of partition: Partition, in range: ClusteringRange, now: Int64) throws -> [Row] {
        try reference.liveRows(of: partition, in: range, now: now)
    }
    func openTable(in directory: URL, config: StoreConfig) throws -> any TableStore {
        GatedTable(try reference.openTable(in: directory, config: config) as! any BackgroundCompacting, gate: gate)
    }
}

/// A reference table whose background compactions wait at `gate`.
final class GatedTable: BackgroundCompacting {
    let table: any BackgroundCompacting
    let gate: CompactionGate

    init(_ table: any BackgroundCompacting, gate: CompactionGate) {
        self.table = table
        self.gate = gate
    }

    final class Gated: SSTableCompaction {
        let inner: any SSTableCompaction
        let gate: CompactionGate
        init(_ inner: any SSTableCompaction, gate: CompactionGate) {
            self.inner = inner
            self.gate = gate
        }
        func run() throws {
            gate.started.signal()
            gate.open.wait()
            try inner.run()
        }
    }

    func beginCompaction(now: Int64) throws -> (any SSTableCompaction)? {
        try table.beginCompaction(now: now).map { Gated($0, gate: gate) }
    }
    func completeCompaction(_ compaction: any SSTableCompaction) throws -> Int {
        try table.completeCompaction((compaction as! Gated).inner)
    }
    func apply(_ update: Partition) throws { try table.apply(update) }
    func beginSync() throws -> PendingSync { try table.beginSync() }
    func read(_ key: PartitionKey, range: ClusteringRange, now: Int64) throws -> PartitionRead {
        try table.read(key, range: range, now: now)
    }
    func partitionKeys() throws -> [PartitionKey] { try table.partitionKeys() }
    func flush() throws { try table.flush() }
    func compact(now: Int64) throws -> Int { try table.compact(now: now) }
    func compactAll(now: Int64) throws -> Int { try table.compactAll(now: now) }
    var sstables: [any SSTableReading] { table.sstables }
    var memtableBytes: Int { table.memtableBytes }
}
