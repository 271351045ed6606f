import Contracts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The agent's launcher (Mesos' command executor, folded into the agent):
/// runs a task's command in its sandbox directory with its environment,
/// sends its stdout and stderr to the files `stdout` and `stderr` there,
/// kills it on request, and reports how it ended.
public enum Launcher {
    /// How a task's process ended.
    public enum Exit: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)

        public var succeeded: Bool { self == .exited(0) }

        public var description: String {
            switch self {
            case .exited(let status): "Command exited with status \(status)"
            case .signaled(let signal): "Command terminated with signal \(signal)"
            }
        }
    }

    /// Starts `command` in `sandbox` (created if needed) with `environment`
    /// added to the agent's own; `onExit` is called once when it ends.
    public static func launch(_ command: CommandInfo, sandbox: URL, environment: [String: String],
                              onExit: @escaping @Sendable (Exit) -> Void) throws -> Process {
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        let process = Process()
        let value = command.value ?? ""
        if command.shell ?? true {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", value]
        } else {
            process.executableURL = URL(fileURLWithPath: value)
            process.arguments = Array((command.arguments ?? []).dropFirst())
        }
        var merged = ProcessInfo.processInfo.environment
        for variable in command.environment?.variables ?? [] { merged[variable.name] = variable.value ?? "" }
        for (name, value) in environment { merged[name] = value }
        process.environment = merged
        process.currentDirectoryURL = sandbox
        let stdout = sandbox.appendingPathComponent("stdout"), stderr = sandbox.appendingPathComponent("stderr")
        process.standardOutput = try FileHandle.empty(atPath: stdout.path)
        process.standardError = try FileHandle.empty(atPath: stderr.path)
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { finished in
            switch finished.terminationReason {
            case .exit: onExit(.exited(finished.terminationStatus))
            case .uncaughtSignal: onExit(.signaled(finished.terminationStatus))
            @unknown default: onExit(.exited(finished.terminationStatus))
            }
        }
        try process.run()
        return process
    }

    /// Asks the task to stop (SIGTERM), and forces it (SIGKILL) after `grace`.
    /// The signals go to the task's process group (Foundation starts each
    /// process in a group of its own), so what its shell started stops too.
    public static func kill(_ process: Process, grace: Duration) {
        let pid = process.processIdentifier
        guard pid > 0, process.isRunning else { return }
        _ = sendSignal(-pid, SIGTERM)
        Task {
            try? await Task.sleep(for: grace)
            if process.isRunning { _ = sendSignal(-pid, SIGKILL) }
        }
    }

    /// Stops the tasks now: SIGTERM to each one's group, up to `grace` for
    /// them to exit, then SIGKILL to whatever is left.
    public static func stopAll(_ processes: [Process], grace: Duration) async {
        let running = processes.filter { $0.isRunning && $0.processIdentifier > 0 }
        for process in running { _ = sendSignal(-process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        while running.contains(where: \.isRunning), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for process in running { _ = sendSignal(-process.processIdentifier, SIGKILL) }
    }
}

/// `kill(2)`, named so it does not clash with `Launcher.kill`.
@inline(__always) private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.kill(pid, signal)
    #else
    Darwin.kill(pid, signal)
    #endif
}
