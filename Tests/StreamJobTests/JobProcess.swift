import Foundation
import LabKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A scratch directory for one test, removed when the test ends.
final class Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("streamjob-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func text(_ name: String) throws -> String { String(decoding: try Data(contentsOf: url.appendingPathComponent(name)), as: UTF8.self) }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A `box` process started in the background, killed if the test forgets.
final class BoxProcess {
    let process = Process()
    let stdout = Pipe()
    let errors: URL

    init(_ arguments: [String], errors: URL, environment: [String: String] = [:]) throws {
        self.errors = errors
        process.executableURL = BuiltProducts.executable("box")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = stdout
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
    }

    /// The first line the process prints (its "listening on" line), within 20 s.
    func firstLine() -> String {
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(0x0A) && Date() < deadline {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        return String(decoding: line, as: UTF8.self)
    }

    var stderr: String { (try? String(contentsOf: errors, encoding: .utf8)) ?? "" }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill9() } }
}

/// A `box broker` on a free port.
final class Broker {
    let box: BoxProcess
    let address: String

    init(in scratch: Scratch, partitions: Int = 1) throws {
        box = try BoxProcess(["broker", "--port", "0", "--data", scratch.path("broker"), "--partitions", String(partitions)],
                             errors: scratch.url.appendingPathComponent("broker.stderr"))
        let line = box.firstLine()
        guard let range = line.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression) else {
            throw JobTestError("box broker did not say where it listens; it printed \(line)")
        }
        address = String(line[range])
    }
}

/// A `box store` (the CQL server) on a free port.
final class Store {
    let box: BoxProcess
    let host = "127.0.0.1"
    let port: Int

    init(in scratch: Scratch) throws {
        box = try BoxProcess(["store", "--port", "0", "--data", scratch.path("store")], errors: scratch.url.appendingPathComponent("store.stderr"))
        let line = box.firstLine()
        guard let range = line.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression), let port = Int(line[range].split(separator: ":")[1]) else {
            throw JobTestError("box store did not say where it listens; it printed \(line)")
        }
        self.port = port
    }

    var address: String { "\(host):\(port)" }
}

struct JobTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Waits (polling, bounded) until `condition` holds; false on timeout.
func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
