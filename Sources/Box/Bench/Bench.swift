import ArgumentParser
import Contracts
import Foundation
import StoreSolution

/// `box bench`: the benchmark table (`make bench` runs it on a release build).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure each component against its target and print a table.")

    @Option(help: "Events for the generator benchmark.")
    var events = 3_000_000

    @Option(help: "MiB each disk and produce run writes.")
    var volume = 1_024

    @Option(help: "Produce requests a benchmark client keeps in flight.")
    var inFlight = 32

    @Option(help: "Rows the store benchmark writes (and SQLite alike).")
    var storeRows = 1_000_000

    @Option(help: "Events the streaming benchmark counts (window-topk from JSON, CSV and a topic).")
    var streamEvents = 10_000_000

    @Option(help: "Where the benchmarks write (the disk under test).")
    var scratch = ".build-bench"

    /// The benchmark's sections, in the order they run.
    static let sections = ["generator", "broker", "store", "stream", "api", "capstone"]

    @Option(help: "Events/s the capstone benchmark offers the demo: above the goal (100,000/s), so the row can meet it.")
    var capstoneRate = 120_000.0

    @Option(help: "Events per request in the capstone benchmark.")
    var capstoneBatch = 250

    @Option(help: "Seconds of load in the capstone benchmark.")
    var capstoneDuration = 20.0

    @Option(help: "Run only these sections (comma-separated): generator, broker, store, stream, api, capstone.")
    var only: String?

    func validate() throws {
        let unknown = (only?.split(separator: ",").map(String.init) ?? []).filter { !Self.sections.contains($0) }
        guard unknown.isEmpty else { throw ValidationError("--only: no section called \(unknown.joined(separator: ", ")); the sections: \(Self.sections.joined(separator: ", "))") }
    }

    func run() async throws {
        #if DEBUG
        print("note: this is a debug build; `make bench` measures a release build\n")
        #endif
        let sections = Set(only?.split(separator: ",").map(String.init) ?? Self.sections)
        var rows: [BenchTable.Row] = []
        if sections.contains("generator") { rows += [try generatorRow(), try decoderRow()] }
        let directory = URL(fileURLWithPath: scratch).appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        if sections.contains("broker") {
            rows += try await BrokerBench(directory: directory, volumeMiB: volume, inFlight: inFlight).rows()
        }
        if sections.contains("store") {
            let storeDirectory = directory.appendingPathComponent("store")
            try FileManager.default.createDirectory(at: storeDirectory, withIntermediateDirectories: true)
            rows += try StoreBench(directory: storeDirectory, lab: StoreToolkit(), events: storeRows).rows()
        }
        if sections.contains("stream") {
            let streamDirectory = directory.appendingPathComponent("stream")
            try FileManager.default.createDirectory(at: streamDirectory, withIntermediateDirectories: true)
            rows += try await StreamBench(directory: streamDirectory, events: streamEvents).rows()
        }
        if sections.contains("api") {
            let apiDirectory = directory.appendingPathComponent("api")
            try FileManager.default.createDirectory(at: apiDirectory, withIntermediateDirectories: true)
            rows += try await APIBench(directory: apiDirectory).rows()
        }
        if sections.contains("capstone") {
            // The demo runs in the scratch folder, removed afterwards.
            let capstoneDirectory = directory.appendingPathComponent("capstone")
            try FileManager.default.createDirectory(at: capstoneDirectory, withIntermediateDirectories: true)
            rows += try CapstoneBench(directory: capstoneDirectory, rate: capstoneRate, batch: capstoneBatch,
                                      duration: capstoneDuration).rows()
        }
        BenchTable(rows: rows).print()
    }

    /// The workload generator writing JSON lines to /dev/null: it must never
    /// be what limits another benchmark.
    func generatorRow() throws -> BenchTable.Row {
        guard let devNull = FileHandle(forWritingAtPath: "/dev/null") else {
            throw ValidationError("cannot open /dev/null")
        }
        defer { try? devNull.close() }
        var workload = Workload(WorkloadConfig(seed: 7))
        var output = FileOutput(descriptor: devNull.fileDescriptor)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try output.writeJSONLines(&workload, count: events)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = Double(events) / seconds
        return .init(name: "workload generator → JSON lines", figure: "\(BenchTable.millions(rate)) events/s",
                     target: "≥ 1.00 M events/s", met: rate >= 1_000_000)
    }
}

extension Bench {
    /// Decoding events as every consumer of `chirps` does (`ChirpEvent(json:)`),
    /// next to Foundation's `JSONDecoder` on the same lines in the same run.
    func decoderRow() throws -> BenchTable.Row {
        var workload = Workload(WorkloadConfig(seed: 7))
        let lines = (0..<300_000).compactMap { _ in workload.next() }.map { Array($0.jsonLine.utf8) }
        let clock = ContinuousClock()
        var decoded = 0
        let ours = try clock.measure {
            for line in lines { decoded += try ChirpEvent(json: line).user > 0 ? 1 : 0 }
        }
        let decoder = JSONDecoder()
        let foundation = try clock.measure {
            for line in lines { decoded += try decoder.decode(ChirpEvent.self, from: Data(line)).user > 0 ? 1 : 0 }
        }
        guard decoded > 0 else { throw ValidationError("no event decoded") }
        let rate = Double(lines.count) / (ours / .seconds(1))
        let anchor = Double(lines.count) / (foundation / .seconds(1))
        return .init(name: "decode events: ChirpEvent(json:), next to JSONDecoder",
                     figure: "\(BenchTable.millions(rate)) events/s (JSONDecoder \(BenchTable.millions(anchor)))",
                     target: "faster than JSONDecoder", met: rate > anchor)
    }
}

/// The benchmark figures, one row each, with their targets.
struct BenchTable {
    struct Row {
        var name: String
        var figure: String
        var target: String
        var met: Bool
    }

    var rows: [Row]

    func print() {
        let header = Row(name: "benchmark", figure: "measured", target: "target", met: true)
        let widths = (
            name: (rows + [header]).map(\.name.count).max()!,
            figure: (rows + [header]).map(\.figure.count).max()!,
            target: (rows + [header]).map(\.target.count).max()!
        )
        func line(_ row: Row, verdict: String) -> String {
            [row.name.padding(toLength: widths.name, withPad: " ", startingAt: 0),
             row.figure.padding(toLength: widths.figure, withPad: " ", startingAt: 0),
             row.target.padding(toLength: widths.target, withPad: " ", startingAt: 0),
             verdict].joined(separator: "  ")
        }
        Swift.print(line(header, verdict: "verdict"))
        for row in rows { Swift.print(line(row, verdict: row.met ? "met" : "MISSED")) }
    }

    static func millions(_ value: Double) -> String {
        String(format: "%.2f M", value / 1_000_000)
    }
}
