import CQL
import Contracts
import Foundation

/// The store's benchmark rows: a time-series table (partition = user,
/// clustering = event time) written and read through the storage engine,
/// next to SQLite holding the same rows on the same disk, in the same run.
struct StoreBench {
    /// One time-series row.
    struct Event {
        var user: Int64
        var time: Int64
        var body: String
    }

    let directory: URL
    let lab: any StoreLab
    var events = 1_000_000
    var users = 1_000
    /// Rows per commit: one SQLite transaction, one commit-log sync.
    var batch = 1_000
    var reads = 20_000

    func rows() throws -> [BenchTable.Row] {
        let events = workload()
        let sqlite = try SQLiteBaseline(path: directory.appendingPathComponent("baseline.sqlite").path)
        let sqliteRate = try measureRate(events) { try sqlite.insert($0) }

        var config = StoreConfig()
        config.memtableFlushBytes = 16 << 20
        let table = try lab.openTable(in: directory.appendingPathComponent("events"), config: config)
        let storeRate = try measureRate(events) { slice in
            for event in slice { try table.apply(try Self.partition(event)) }
            try table.beginSync().sync()
        }
        try table.flush()
        var rows: [BenchTable.Row] = [
            .init(name: "SQLite inserts (WAL, \(batch)-row transactions)", figure: "\(BenchTable.millions(sqliteRate)) rows/s",
                  target: "(anchor)", met: true),
            .init(name: "store writes (\(batch)-row commit-log syncs)", figure: "\(BenchTable.millions(storeRate)) rows/s",
                  target: String(format: "≥ %@ rows/s (2× SQLite)", BenchTable.millions(sqliteRate * 2)), met: storeRate >= sqliteRate * 2),
        ]

        var generator = SplitMix64(seed: 11)
        let probes = (0..<reads).map { _ in events[Int(generator.next() % UInt64(events.count))] }
        let now = Int64(Date().timeIntervalSince1970)
        let sstablesBefore = table.sstables.count
        var touched = 0
        let storePoint = try latencies(probes) { event in
            let read = try table.read(PartitionKey(try Self.userKey(event.user)), range: .prefix(try Self.clustering(event.time)), now: now)
            touched += read.sstablesTouched
            guard read.rows.count == 1 else { throw LoadError("store point read found \(read.rows.count) rows for one key") }
        }
        let touchedBefore = Double(touched) / Double(reads)
        let sqlitePoint = try latencies(probes) { event in
            guard try sqlite.read(user: event.user, time: event.time) == 1 else { throw LoadError("SQLite point read missed") }
        }
        let storeRange = try latencies(probes) { event in
            let range = ClusteringRange(start: .init(prefix: try Self.clustering(event.time), inclusive: true),
                                        end: .init(prefix: try Self.clustering(event.time + 100_000), inclusive: false))
            _ = try table.read(PartitionKey(try Self.userKey(event.user)), range: range, now: now)
        }
        let sqliteRange = try latencies(probes) { event in _ = try sqlite.read(user: event.user, from: event.time, to: event.time + 100_000) }
        try table.compactAll(now: now)
        touched = 0
        let compactedPoint = try latencies(probes) { event in
            touched += try table.read(PartitionKey(try Self.userKey(event.user)), range: .prefix(try Self.clustering(event.time)), now: now).sstablesTouched
        }
        let touchedAfter = Double(touched) / Double(reads)

        rows += [
            .init(name: "store point read p50 / p99", figure: storePoint.description, target: "p99 < 1 ms", met: storePoint.p99 < 0.001),
            .init(name: "SQLite point read p50 / p99", figure: sqlitePoint.description, target: "(anchor)", met: true),
            .init(name: "store point read after compaction p50 / p99", figure: compactedPoint.description, target: "p99 < 1 ms",
                  met: compactedPoint.p99 < 0.001),
            .init(name: "store range read (≈100 ms of a user) p50 / p99", figure: storeRange.description, target: "(reported)", met: true),
            .init(name: "SQLite range read p50 / p99", figure: sqliteRange.description, target: "(anchor)", met: true),
            .init(name: "SSTables touched per point read", figure: String(format: "%.2f of %d before, %.2f after compaction", touchedBefore, sstablesBefore, touchedAfter),
                  target: "(reported)", met: true),
        ]
        return rows
    }

    /// `events` rows over `users` users, times increasing per user with gaps
    /// of about a millisecond, each with a ~100-byte chirp body.
    func workload() -> [Event] {
        var generator = SplitMix64(seed: 5)
        var clock = [Int64](repeating: 1_700_000_000_000_000, count: users)
        return (0..<events).map { i in
            let user = Int(generator.next() % UInt64(users))
            clock[user] += 500 + Int64(generator.next() % 1_000)
            return Event(user: Int64(user), time: clock[user],
                         body: "chirp \(i) from user \(user): a body of about one hundred bytes, #bigdata #inabox @someone")
        }
    }

    /// The table's write: one row, with its marker and one cell.
    static func partition(_ event: Event) throws -> Partition {
        let row = Row(clustering: Clustering(try clustering(event.time)), liveness: LivenessInfo(timestamp: event.time),
                      cells: ["body": Cell(value: Array(event.body.utf8), timestamp: event.time)])
        return Partition(key: PartitionKey(try userKey(event.user)), rows: [row])
    }

    /// The partition key (`user bigint`) and clustering (`time bigint`)
    /// codecs the query layer would use for this table.
    static let userCodec = PartitionKeyCodec(types: [.bigint])
    static let timeCodec = ClusteringCodec(columns: [.init(.bigint)])

    /// A user's partition key bytes.
    static func userKey(_ user: Int64) throws -> [UInt8] {
        try userCodec.encode([.bigint(user)])
    }

    /// An event time's clustering bytes (byte-comparable).
    static func clustering(_ time: Int64) throws -> [UInt8] {
        try timeCodec.encode([.bigint(time)])
    }

    func measureRate(_ events: [Event], _ write: (ArraySlice<Event>) throws -> Void) throws -> Double {
        let start = ContinuousClock.now
        for from in stride(from: 0, to: events.count, by: batch) {
            try write(events[from..<min(from + batch, events.count)])
        }
        return Double(events.count) / BrokerBench.seconds(ContinuousClock.now - start)
    }

    /// Per-operation latencies, in seconds.
    struct Latencies: CustomStringConvertible {
        var sorted: [Double]
        var p50: Double { sorted[sorted.count / 2] }
        var p99: Double { sorted[sorted.count * 99 / 100] }
        var description: String { String(format: "%.1f / %.1f µs", p50 * 1e6, p99 * 1e6) }
    }

    func latencies(_ probes: [Event], _ operation: (Event) throws -> Void) throws -> Latencies {
        var samples: [Double] = []
        samples.reserveCapacity(probes.count)
        for probe in probes {
            let start = ContinuousClock.now
            try operation(probe)
            samples.append(BrokerBench.seconds(ContinuousClock.now - start))
        }
        return Latencies(sorted: samples.sorted())
    }
}
