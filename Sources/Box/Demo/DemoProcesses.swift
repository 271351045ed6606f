import Contracts
import Foundation

/// The processes the demo starts itself (the master and the agent); every
/// one is stopped when the demo ends, however it ends.
final class DemoProcesses: @unchecked Sendable {
    private var running: [(name: String, process: Process)] = []
    private let lock = NSLock()
    let logs: URL

    init(logs: URL) throws {
        self.logs = logs
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
    }

    /// Starts `executable arguments`, its output going to `logs/<name>.log`.
    func start(_ name: String, _ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let log = logs.appendingPathComponent("\(name).log")
        let handle = try FileHandle.empty(atPath: log.path)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        lock.withLock { running.append((name, process)) }
    }

    /// SIGTERM to each (the agent kills its tasks), newest first; SIGKILL after `grace`.
    func stopAll(grace: TimeInterval = 5) {
        let list = lock.withLock { running.reversed() }
        for (_, process) in list where process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(grace)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        lock.withLock { running = [] }
    }
}
