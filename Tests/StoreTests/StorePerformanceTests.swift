// How fast the reference store is: applies per second through the commit log
// and the memtable (no fsync, no flush) and point-read latency over four SSTables. Prints its figures; the bounds are loose so a
// busy machine or a debug build does not fail it. For the real figures:
// `swift test -c release --filter StorePerformance`.
import Contracts
import Foundation
import StoreSolution
import Testing

@Suite("Store performance")
struct StorePerformanceTests {
    /// A small row: two text cells and a marker, in partition `user`, clustering `n`.
    static func row(user: Int, n: Int, at timestamp: Int64) -> Partition {
        Partition(key: PartitionKey(Array("user-\(user)".utf8)), rows: [
            Row(clustering: Clustering([UInt8(truncatingIfNeeded: n >> 24), UInt8(truncatingIfNeeded: n >> 16),
                                        UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]),
                liveness: LivenessInfo(timestamp: timestamp),
                cells: ["body": Cell(value: Array("chirp \(n)".utf8), timestamp: timestamp),
                        "likes": Cell(value: [0, 0, 0, UInt8(n & 0x7F)], timestamp: timestamp)]),
        ])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    @Test("applies small rows fast and reads a point in well under a millisecond")
    func throughputAndLatency() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-perf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = StoreConfig()
        config.memtableFlushBytes = 1 << 30  // flushes are timed on their own (they fsync)
        let table = try StoreToolkit().openTable(in: directory, config: config)
        let clock = ContinuousClock()
        #if DEBUG
        let rows = 50_000
        #else
        let rows = 500_000
        #endif
        // Prepared first, so the clock times the store, not the test's allocations.
        let newPartitions = (0..<rows).map { Self.row(user: $0, n: 0, at: Int64($0)) }
        var elapsed = clock.measure { for update in newPartitions { try! table.apply(update) } }
        let newPerSecond = Double(rows) / Self.seconds(elapsed)
        let flush = Self.seconds(try clock.measure { try table.flush() })
        let timeline = (0..<rows).map { Self.row(user: $0 % 1_000, n: $0 / 1_000, at: Int64($0)) }
        elapsed = clock.measure { for update in timeline { try! table.apply(update) } }
        let timelinePerSecond = Double(rows) / Self.seconds(elapsed)
        try table.flush()
        // Two more SSTables overlapping the first: four in all.
        for round in 0..<2 {
            for i in stride(from: round, to: rows, by: 10) { try table.apply(Self.row(user: i, n: 1, at: Int64(rows + i))) }
            try table.flush()
        }
        var latencies: [Double] = []
        var random = SplitMix64(seed: 1)
        var found = 0
        for _ in 0..<20_000 {
            let key = PartitionKey(Array("user-\(random.int(in: 0...Int64(rows - 1)))".utf8))
            let start = clock.now
            found += try table.read(key, range: .all, now: 1_700_000_000).rows.count
            latencies.append(Self.seconds(clock.now - start))
        }
        latencies.sort()
        let p50 = latencies[latencies.count / 2] * 1e6
        let p99 = latencies[latencies.count * 99 / 100] * 1e6
        print("store: apply \(rows) new partitions \(Int(newPerSecond)) rows/s (flushed in \(Int(flush * 1_000)) ms); \(rows) rows into 1000 partitions \(Int(timelinePerSecond)) rows/s; point read over \(table.sstables.count) SSTables p50 \(Int(p50)) µs, p99 \(Int(p99)) µs")
        #expect(found >= 20_000)
        #expect(newPerSecond > 20_000 && timelinePerSecond > 20_000, "far too slow: \(newPerSecond), \(timelinePerSecond) rows/s")
        #expect(p99 < 20_000, "point-read p99 \(p99) µs")
    }
}
