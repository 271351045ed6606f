import Foundation
import Hummingbird
import Logging

/// The ingest API under `wrk`: single-event POSTs on keep-alive connections
/// and batches, next to a bare Hummingbird route that only reads the body,
/// all in the same run; the API publishes to a real (in-process) broker and
/// answers only after its acknowledgement.
struct APIBench {
    let directory: URL
    /// How long each wrk run lasts.
    var seconds = 8
    var connections = 64

    func rows() async throws -> [BenchTable.Row] {
        guard let wrk = Self.which("wrk") else {
            return [.init(name: "API (wrk)", figure: "wrk is not installed", target: "apt-get install wrk", met: false)]
        }
        // Each server in a process of its own, as deployed: the broker, the
        // API publishing to it, and the bare route.
        let box = BoxExecutable.path
        let broker = try Server(box, ["broker", "--port", "0", "--partitions", "4", "--data", directory.appendingPathComponent("broker").path])
        defer { broker.stop() }
        let api = try Server(box, ["api", "--port", "0", "--kafka", "127.0.0.1:\(broker.port)", "--api-keys", "bench",
                                   "--rate", "1000000000", "--burst", "1000000000", "--max-body-bytes", "\(8 << 20)"])
        defer { api.stop() }
        let bareServer = try Server(box, ["api", "--bare-route", "--port", "0"])
        defer { bareServer.stop() }
        // The API without the log (events kept in memory): what HTTP + the actors cost.
        let memory = try Server(box, ["api", "--port", "0", "--api-keys", "bench", "--rate", "1000000000", "--burst", "1000000000"])
        defer { memory.stop() }
        let scripts = try Scripts(directory: directory)
        let apiURL = "http://127.0.0.1:\(api.port)"

        // Warm up both (connections, actors, the topic's metadata).
        _ = try run(wrk, script: scripts.single, url: "\(apiURL)/v1/events", seconds: 2)
        _ = try run(wrk, script: scripts.single, url: "http://127.0.0.1:\(bareServer.port)/bare", seconds: 2)

        let bare = try run(wrk, script: scripts.single, url: "http://127.0.0.1:\(bareServer.port)/bare", seconds: seconds)
        let inMemory = try run(wrk, script: scripts.single, url: "http://127.0.0.1:\(memory.port)/v1/events", seconds: seconds)
        let single = try run(wrk, script: scripts.single, url: "\(apiURL)/v1/events", seconds: seconds)
        let batch = try run(wrk, script: scripts.batch, url: "\(apiURL)/v1/events:batch", seconds: seconds, connections: 8)
        // 80 % of the maximum rate, open loop: box load (the same sender for
        // both) first finds the maximum, then sends at 80 % of it on a fixed
        // schedule, each latency counted from when the request was due.
        let maximum = try openLoop(box, apiURL: apiURL, rate: 0, events: Int(single.requestsPerSecond) * seconds / 2)
        let paced = try openLoop(box, apiURL: apiURL, rate: maximum.eventsPerSecond * 0.8,
                                 events: Int(maximum.eventsPerSecond * 0.8) * seconds)
        let ratio = single.requestsPerSecond / bare.requestsPerSecond
        let batchEvents = batch.requestsPerSecond * Double(Scripts.batchSize)
        func errors(_ r: WrkResult) -> String { r.errors == 0 ? "" : ", \(r.errors) errors" }
        return [
            .init(name: "bare Hummingbird route, reads the body (wrk, \(connections) conns)",
                  figure: String(format: "%.0f k req/s%@", bare.requestsPerSecond / 1000, errors(bare)), target: "(anchor)", met: bare.errors == 0),
            .init(name: "API POST /v1/events, memory sink (wrk, \(connections) conns)",
                  figure: String(format: "%.0f k events/s, %.2f× bare, p99 %.1f ms%@", inMemory.requestsPerSecond / 1000,
                                 inMemory.requestsPerSecond / bare.requestsPerSecond, inMemory.p99Ms, errors(inMemory)),
                  target: "≥ 0.70× bare", met: inMemory.requestsPerSecond >= 0.7 * bare.requestsPerSecond && inMemory.errors == 0),
            .init(name: "API POST /v1/events → broker acks (wrk, \(connections) conns)",
                  figure: String(format: "%.0f k events/s, %.2f× bare, p99 %.1f ms%@", single.requestsPerSecond / 1000, ratio, single.p99Ms, errors(single)),
                  target: "≥ 50 k/s and ≥ 0.70× bare", met: single.requestsPerSecond >= 50_000 && ratio >= 0.7 && single.errors == 0),
            .init(name: "API POST /v1/events:batch of \(Scripts.batchSize) (wrk, 8 conns)",
                  figure: String(format: "%.0f k events/s%@", batchEvents / 1000, errors(batch)), target: "≥ 500 k events/s",
                  met: batchEvents >= 500_000 && batch.errors == 0),
            .init(name: "API p99 at 80 % of max, open loop (box load, 64 conns)",
                  figure: String(format: "p99 %.2f ms, p50 %.2f ms at %.1f of %.1f k/s%@", paced.p99Ms, paced.p50Ms, paced.eventsPerSecond / 1000,
                                 maximum.eventsPerSecond / 1000,
                                 paced.errors == 0 ? "" : ", \(paced.errors) errors"),
                  target: "p99 < 5 ms", met: paced.p99Ms < 5 && paced.errors == 0),
        ]
    }

    struct OpenLoopResult {
        var eventsPerSecond: Double
        var p50Ms: Double
        var p99Ms: Double
        var errors: Int
    }

    /// `box load --send-rate` against the API; its summary line, parsed.
    /// `rate` 0 sends as fast as the API answers (closed loop).
    func openLoop(_ box: String, apiURL: String, rate: Double, events: Int) throws -> OpenLoopResult {
        let output = try Self.output(of: box, ["load", "--api", apiURL, "--api-key", "bench", "--connections", "64",
                                               "--events", String(max(events, 1_000)), "--send-rate", String(Int(rate)), "--users", "100000"])
        func number(after label: String) -> Double? {
            guard let range = output.range(of: label) else { return nil }
            return Double(output[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
        guard let accepted = number(after: "s, "), let p50 = number(after: "p50 "), let p99 = number(after: "p99 ") else {
            throw LoadError("box load printed no summary: \(output)")
        }
        let requests = number(after: "box load: ") ?? 0
        let ok = number(after: "202: ") ?? 0
        return OpenLoopResult(eventsPerSecond: accepted, p50Ms: p50, p99Ms: p99, errors: Int(requests - ok))
    }

    /// A route that reads the body and answers 202: what HTTP alone costs.
    static func bareApplication(host: String, port: Int, onServerRunning: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.post("/bare") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .accepted, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"bytes":\#(body.readableBytes)}"#)))
        }
        var logger = Logger(label: "bare")
        logger.logLevel = .warning
        return Application(router: router, configuration: .init(address: .hostname(host, port: port)),
                           onServerRunning: { await onServerRunning($0.localAddress?.port ?? 0) }, logger: logger)
    }

    /// A server started as a child process; its port is the one it prints.
    final class Server {
        let process = Process()
        let port: Int

        init(_ executable: String, _ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = pipe.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let match = text.firstMatch(of: /127\.0\.0\.1:(\d+)/), let port = Int(match.1) else {
                process.terminate()
                throw LoadError("box \(arguments.first ?? "") did not say where it listens: \(text)")
            }
            self.port = port
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    struct WrkResult {
        var requestsPerSecond: Double
        var p99Ms: Double
        var errors: Int
    }

    func run(_ wrk: String, script: URL, url: String, seconds: Int, connections: Int? = nil) throws -> WrkResult {
        try Self.parse(try Self.output(of: wrk, ["-t1", "-c\(connections ?? self.connections)", "-d\(seconds)s", "--latency", "-s", script.path, url]))
    }

    /// What a command prints on stdout, once it has exited.
    static func output(of executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }

    /// Requests/s, the 99th percentile and the non-2xx count from wrk's report.
    static func parse(_ output: String) throws -> WrkResult {
        var result = WrkResult(requestsPerSecond: 0, p99Ms: .infinity, errors: 0)
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), let value = fields.last.flatMap({ Double($0) }) { result.requestsPerSecond = value }
            if fields.first == "99%", fields.count == 2 { result.p99Ms = milliseconds(String(fields[1])) ?? .infinity }
            if line.contains("Non-2xx"), let value = fields.last.flatMap({ Int($0) }) { result.errors += value }
            if line.contains("Socket errors") {
                result.errors += line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +)
            }
        }
        guard result.requestsPerSecond > 0 else { throw LoadError("wrk reported no requests/s:\n\(output)") }
        return result
    }

    static func milliseconds(_ text: String) -> Double? {
        for (suffix, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * scale }
        }
        return nil
    }

    static func which(_ tool: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The wrk Lua scripts.
    struct Scripts {
        static let batchSize = 1_000
        let directory: URL
        let single: URL
        let batch: URL

        init(directory: URL) throws {
            self.directory = directory
            single = directory.appendingPathComponent("single.lua")
            batch = directory.appendingPathComponent("batch.lua")
            try Self.singleSource.write(to: single, atomically: true, encoding: .utf8)
            let events = (1...Self.batchSize).map { #"{"type":"post","user":\#($0),"text":"bench chirp \#($0) #swift #kafka"}"# }
            try """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["x-api-key"] = "bench"
                wrk.body = '[\(events.joined(separator: ","))]'
                """.write(to: batch, atomically: true, encoding: .utf8)
        }

        /// One event per request, users and texts varying.
        static let singleSource = """
            local n = 0
            local headers = { ["Content-Type"] = "application/json", ["x-api-key"] = "bench" }
            request = function()
              n = n + 1
              local body = string.format('{"type":"post","user":%d,"text":"bench chirp %d #swift #kafka"}', n % 10000 + 1, n)
              return wrk.format("POST", nil, headers, body)
            end

            """
    }
}

