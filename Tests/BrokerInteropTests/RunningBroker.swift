import Foundation
import LabKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `box broker` process on a free port, as a student or CI runs it.
final class RunningBroker {
    let process = Process()
    let data: URL
    let port: Int
    /// Where the broker's stderr goes.
    let errors: URL
    var address: String { "127.0.0.1:\(port)" }

    /// Starts the broker on `data` (a fresh directory unless given) and waits
    /// for it to say where it listens.
    /// `segmentBytes`, when given, is the broker's `--segment-bytes`.
    init(data: URL? = nil, track: String = "solution", partitions: Int = 1, groupInitialDelayMs: Int = 300,
         segmentBytes: Int? = nil) throws {
        self.data = data ?? FileManager.default.temporaryDirectory.appendingPathComponent("broker-\(UUID().uuidString)")
        process.executableURL = BuiltProducts.executable("box")
        process.arguments = ["broker", "--port", "0", "--data", self.data.path, "--track", track,
                             "--partitions", String(partitions), "--group-initial-delay-ms", String(groupInitialDelayMs)]
            + (segmentBytes.map { ["--segment-bytes", String($0)] } ?? [])
        let out = Pipe()
        process.standardOutput = out
        errors = self.data.deletingLastPathComponent().appendingPathComponent("\(self.data.lastPathComponent).stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(0x0A) && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(text[range].split(separator: ":").last!) else {
            process.terminate()
            throw BrokerTestError("box broker did not report its port; it printed: \(text)")
        }
        self.port = port
    }

    /// Kills the broker with SIGKILL (no chance to flush or close anything) and waits for it.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill9() }
    }
}

struct BrokerTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs tools at the same time (e.g. two group members); returns each one's output.
func runTogether(_ tool: String, _ argumentLists: [[String]], timeout: TimeInterval = 60) throws -> [(status: Int32, output: String)] {
    let results = ResultBox(count: argumentLists.count)
    DispatchQueue.concurrentPerform(iterations: argumentLists.count) { i in
        results.set(i, Result { try runTool(tool, argumentLists[i], timeout: timeout) })
    }
    return try results.values.map { try $0!.get() }
}

/// Results filled in from several threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<(status: Int32, output: String), any Error>?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result<(status: Int32, output: String), any Error>) { lock.withLock { storage[i] = value } }
    var values: [Result<(status: Int32, output: String), any Error>?] { lock.withLock { storage } }
}

/// Runs a tool (kcat) with stdin, bounded in time; returns its stdout and status.
func runTool(_ tool: String, _ arguments: [String], input: Data = Data(), timeout: TimeInterval = 60) throws -> (status: Int32, output: String) {
    let executable = try ToolRun.locate(tool, install: "`apt-get install \(tool)` (Debian/Ubuntu) or `brew install \(tool)` (macOS); .ci/run installs it")
    let run = try ToolRun.run(executable, arguments, input: input, timeout: .milliseconds(Int(timeout * 1_000)))
    return (run.status, run.output)
}
