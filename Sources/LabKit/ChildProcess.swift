import CLabSupport
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs this same executable again with other arguments, so that code which
/// traps (fatalError, index out of range) or hangs takes down only its own
/// process, never the whole check.
struct ChildProcess {
    /// How a child ended.
    enum Ending {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
    }

    /// Everything the child printed, and how it ended.
    struct Result {
        var output: String
        var ending: Ending
    }

    static var executable: URL {
        if let url = Bundle.main.executableURL { return url }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }

    /// Runs the executable with `arguments`, killing it after `timeout`.
    static func run(_ arguments: [String], timeout: Duration) throws -> Result {
        _ = becomeSubreaper
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        var environment = ProcessInfo.processInfo.environment
        if environment["SWIFT_BACKTRACE"] == nil {
            // A short backtrace of the crashed thread, without registers or images.
            environment["SWIFT_BACKTRACE"] =
                "enable=yes,interactive=no,color=no,registers=none,images=none,threads=crashed,limit=16,top=4"
        }
        process.environment = environment
        try process.run()

        let timedOut = Flag()
        let pid = process.processIdentifier
        let deadline = DispatchWorkItem {
            timedOut.set()
            kill(-pid, SIGKILL)  // the child's process group (it makes its own)
            kill(pid, SIGKILL)
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: deadline)
        let reader = PipeReader(pipe.fileHandleForReading)
        process.waitUntilExit()
        deadline.cancel()
        kill(-pid, SIGKILL)  // anything the step started and left behind...
        stopOrphans()        // ...in its group or, on Linux, anywhere below it
        // A process the child started may still hold the pipe open: take
        // what has arrived rather than wait for it.
        let output = String(decoding: reader.finish(within: .seconds(2)), as: UTF8.self)
        if timedOut.isSet { return Result(output: output, ending: .timedOut) }
        switch process.terminationReason {
        case .uncaughtSignal: return Result(output: output, ending: .signaled(process.terminationStatus))
        default: return Result(output: output, ending: .exited(process.terminationStatus))
        }
    }

    /// Splits a crashed child's output into what the code printed (up to and
    /// including the runtime's "Fatal error: ..." line) and the backtrace
    /// frames that point at source files outside the lab checker itself.
    static func crashReport(_ output: String) -> (printed: String, frames: [String]) {
        guard let marker = output.range(of: "\n*** Signal") ?? output.range(of: "*** Signal") else {
            return (output, [])
        }
        let printed = output[..<marker.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("swift-runtime:") }.joined(separator: "\n")
        let root = FileManager.default.currentDirectoryPath + "/"
        let frames = output[marker.upperBound...].split(separator: "\n").compactMap { line -> String? in
            // "  3 [ra]  0x00005614c9e89afe closure #2 in f() + 333 in check-warmup at /path/File.swift:14:18"
            guard let at = line.range(of: " at /"), !line.contains("/Sources/LabKit/"), !line.contains("<compiler-generated>"),
                  let address = line.range(of: "0x") else { return nil }
            let symbol = line[address.upperBound..<at.lowerBound].drop { $0.isHexDigit }.drop { $0 == " " }
            let function = symbol.range(of: " + ").map { symbol[..<$0.lowerBound] } ?? symbol
            let location = String(line[line.index(before: at.upperBound)...])
            return "\(function) — \(location.replacingOccurrences(of: root, with: ""))"
        }
        return (printed, frames)
    }

    /// On Linux, processes orphaned below us are re-parented to us (see
    /// `clabsupport_become_subreaper`), so a step's leftovers can be found.
    static let becomeSubreaper: Void = { _ = clabsupport_become_subreaper() }()

    /// Kills and reaps every process whose parent is this one: after a step's
    /// child has exited, those can only be what the step left behind.
    static func stopOrphans() {
        #if os(Linux)
        let me = getpid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        for entry in entries {
            guard let pid = Int32(entry), pid != me,
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // "pid (comm) state ppid ...": the command may hold spaces and parentheses.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == me else { continue }
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        #endif
    }

    /// A signal's conventional name, e.g. `SIGILL`.
    static func name(ofSignal signal: Int32) -> String {
        switch signal {
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGSEGV: "SIGSEGV"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}

/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
