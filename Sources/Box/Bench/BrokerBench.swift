import Contracts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaBroker
import KafkaProtocol
import LogSolution
import NIOCore
import NIOPosix

/// The broker's benchmark rows: produce and fetch over TCP with one client,
/// next to what the disk does with `dd` (fdatasync) in the same run.
struct BrokerBench {
    let directory: URL
    /// How much each run writes (dd and every produce run alike).
    let volumeMiB: Int
    var inFlight = 32

    /// Writes back what earlier runs left dirty in the page cache, so every
    /// run starts from the same state.
    func settle() {
        sync()
    }

    /// The reference broker in this process on a free port, with big segments
    /// and batches for benchmarking; `partitions` per auto-created topic.
    static func startBroker(in directory: URL, partitions: Int = 1) async throws -> (BrokerServer, Task<Void, any Error>) {
        var config = BrokerConfig(dataDirectory: directory)
        config.port = 0
        config.partitionsPerTopic = partitions
        config.log.segmentBytes = 256 << 20
        config.log.maxBatchBytes = 4 << 20
        let server = try await BrokerServer(config: config, lab: LogToolkit())
        return (server, Task { try await server.run() })
    }

    /// Every produce row runs on a broker of its own in a new folder, deleted
    /// when the row is done, as dd deletes its file: on this virtual machine
    /// writing into pages the page cache has just freed runs several times
    /// faster than into fresh ones (dd keeping its files drops from ~2 GB/s to
    /// ~0.3 GB/s), so the broker and its anchor must meet the page cache alike.
    ///
    /// The 1 KB rows are measured against dd: one run of either swings by 2×
    /// within minutes on a virtual disk, so each row takes three rounds of a
    /// dd run followed by a produce run, and compares the median of each.
    func rows() async throws -> [BenchTable.Row] {
        var rows: [BenchTable.Row] = []
        var fetchRow: BenchTable.Row?
        let disk = try ddBandwidth()
        rows.append(.init(name: "disk: dd \(volumeMiB) MiB, fdatasync (median of 3)", figure: String(format: "%.0f MB/s", disk), target: "(anchor)", met: true))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        for (size, acks) in [(100, Int16(1)), (100, -1), (1_000, 1), (1_000, -1)] {
            let topic = "bench-\(size)-\(acks == -1 ? "all" : "1")"
            /// One produce run on a fresh broker: records/s; `fetch` also reads the topic back.
            func run(fetch: Bool = false) async throws -> Double {
                let folder = directory.appendingPathComponent("broker-\(topic)")
                let (server, serving) = try await Self.startBroker(in: folder)
                let (records, elapsed) = try await produce(port: server.port, group: group, topic: topic, recordBytes: size, acks: acks)
                if fetch {
                    let (fetched, fetchSeconds) = try await fetchAll(port: server.port, group: group, topic: topic)
                    let fetchRate = Double(fetched) / fetchSeconds
                    fetchRow = .init(name: "fetch 100 B records", figure: "\(BenchTable.millions(fetchRate)) records/s",
                                     target: "≥ 2.00 M records/s", met: fetchRate >= 2_000_000)
                }
                serving.cancel()
                try await server.shutdown()
                try FileManager.default.removeItem(at: folder)
                return Double(records) / elapsed
            }
            let name = "produce \(size) B records, acks=\(acks == -1 ? "all" : "1")"
            if size == 100 {
                let rate = try await run(fetch: acks == 1)
                rows.append(.init(name: name, figure: String(format: "%@ records/s, %.0f MB/s", BenchTable.millions(rate), rate * Double(size) / 1e6),
                                  target: "≥ 1.00 M records/s", met: rate >= 1_000_000))
                continue
            }
            var anchors: [Double] = [], rates: [Double] = []
            for _ in 0..<3 {
                anchors.append(try ddRun())
                rates.append(try await run())
            }
            let anchor = Self.median(anchors), rate = Self.median(rates)
            let megabytes = rate * Double(size) / 1e6
            rows.append(.init(name: name + " (median of 3, each after a dd run)",
                              figure: String(format: "%@ records/s, %.0f MB/s (%.0f%% of dd; runs: %@ MB/s)", BenchTable.millions(rate), megabytes,
                                             100 * megabytes / anchor, rates.map { String(format: "%.0f", $0 * Double(size) / 1e6) }.joined(separator: ", ")),
                              target: String(format: "≥ %.0f MB/s (70%% of dd's median %.0f: %@)", anchor * 0.7, anchor,
                                             anchors.map { String(format: "%.0f", $0) }.joined(separator: ", ")),
                              met: megabytes >= anchor * 0.7))
        }
        if let fetchRow { rows.append(fetchRow) }
        try await group.shutdownGracefully()
        return rows
    }

    static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    /// The median of three `dd` runs: one run on a virtual disk swings by 2× or more.
    func ddBandwidth() throws -> Double {
        Self.median(try (0..<3).map { _ in try ddRun() })
    }

    /// `dd if=/dev/zero bs=1M count=<volume> conv=fdatasync` in the benchmark's directory.
    func ddRun() throws -> Double {
        settle()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/dd")
        let file = directory.appendingPathComponent("dd.bin")
        process.arguments = ["if=/dev/zero", "of=\(file.path)", "bs=1M", "count=\(volumeMiB)", "conv=fdatasync"]
        let err = Pipe()
        process.standardError = err
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let elapsed = ContinuousClock.now - start
        try? FileManager.default.removeItem(at: file)
        guard process.terminationStatus == 0 else { throw LoadError("dd failed (conv=fdatasync needs GNU dd)") }
        return Double(volumeMiB) * 1_048_576 / 1e6 / Self.seconds(elapsed)
    }

    /// Produces `volumeMiB` of batches of 1,000 records, `inFlight` requests in flight.
    func produce(port: Int, group: MultiThreadedEventLoopGroup, topic: String, recordBytes: Int, acks: Int16) async throws -> (Int, Double) {
        let perBatch = 1_000
        let value = [UInt8](repeating: 0x61, count: recordBytes)
        var batch = ByteBuffer()
        RecordBatch(baseTimestamp: 1_700_000_000_000, records: (0..<perBatch).map {
            Record(timestampDelta: 0, offsetDelta: Int32($0), key: nil, value: value)
        }).write(to: &batch)
        let request = Produce.Request(acks: acks, timeoutMs: 30_000, topics: [.init(name: topic, partitions: [.init(index: 0, records: batch)])])
        let warmup = try await LoadConnection.connect(host: "127.0.0.1", port: port, group: group)
        try await warmup.exchange([LoadConnection.frame(.produce, version: 7, correlationID: 0) { request.write(to: &$0, version: 7) }], inFlight: 1)
        // As many bytes as dd writes, so both meet the disk the same way.
        let count = max(20, volumeMiB * 1_048_576 / batch.readableBytes)
        // One frame sent `count` times: the broker echoes correlation ids, it does not need them unique,
        // and the copies share their bytes (no gigabyte of client memory to fault in).
        let frame = LoadConnection.frame(.produce, version: 7, correlationID: 1) { request.write(to: &$0, version: 7) }
        let frames = Array(repeating: frame, count: count)
        let connection = try await LoadConnection.connect(host: "127.0.0.1", port: port, group: group)
        settle()
        let start = ContinuousClock.now
        var failed = 0
        try await connection.exchange(frames, inFlight: inFlight) { response in
            var body = response
            let parsed = try Produce.Response.read(from: &body, version: 7)
            if parsed.topics.first?.partitions.first?.errorCode != ErrorCode.none { failed += 1 }
        }
        let elapsed = Self.seconds(ContinuousClock.now - start)
        guard failed == 0 else { throw LoadError("\(failed) produce requests failed") }
        return (count * perBatch, elapsed)
    }

    /// Fetches the whole topic from offset 0 with 4 MiB requests, one at a time.
    func fetchAll(port: Int, group: MultiThreadedEventLoopGroup, topic: String) async throws -> (Int, Double) {
        func request(from offset: Int64, _ id: Int32) -> ByteBuffer {
            let fetch = Fetch.Request(maxWaitMs: 0, minBytes: 0, maxBytes: 4 << 20, isolationLevel: 0, topics: [
                .init(name: topic, partitions: [.init(partition: 0, fetchOffset: offset, partitionMaxBytes: 4 << 20)]),
            ])
            return LoadConnection.frame(.fetch, version: 11, correlationID: id) { fetch.write(to: &$0, version: 11) }
        }
        var records = 0
        var requests: Int32 = 0
        let connection = try await LoadConnection.connect(host: "127.0.0.1", port: port, group: group)
        let start = ContinuousClock.now
        try await connection.converse(request(from: 0, 0)) { response in
            var body = response
            let parsed = try Fetch.Response.read(from: &body, version: 11)
            guard let bytes = parsed.topics.first?.partitions.first?.records, bytes.readableBytes > 0 else { return nil }
            var offset: Int64 = 0
            try bytes.withUnsafeReadableBytes { raw in
                var position = 0
                while position < raw.count {
                    let header = try RecordBatchHeader(raw, at: position)
                    records += Int(header.recordCount)
                    offset = header.nextOffset
                    position += header.batchSize
                }
            }
            requests += 1
            return request(from: offset, requests)
        }
        return (records, Self.seconds(ContinuousClock.now - start))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
