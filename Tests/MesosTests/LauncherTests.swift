import Foundation
import Mesos
import NIOConcurrencyHelpers
import Testing

@Suite("Launcher")
struct LauncherTests {
    let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)")

    /// Launches `command` and waits for how it ends.
    func run(_ command: String, environment: [String: String] = [:], then act: (Process) -> Void = { _ in }) async throws -> Launcher.Exit {
        let (exits, continuation) = AsyncStream.makeStream(of: Launcher.Exit.self)
        let process = try Launcher.launch(CommandInfo(value: command, environment: ["FROM_TASK": "yes"]), sandbox: sandbox,
                                          environment: environment) { continuation.yield($0) }
        act(process)
        var iterator = exits.makeAsyncIterator()
        return try #require(await iterator.next())
    }

    @Test("a command runs in its sandbox with its environment; stdout and stderr go to files")
    func output() async throws {
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let exit = try await run("echo $FROM_TASK $MESOS_TASK_ID; pwd; echo oops >&2", environment: ["MESOS_TASK_ID": "t1"])
        #expect(exit == .exited(0))
        let stdout = try String(contentsOf: sandbox.appendingPathComponent("stdout"), encoding: .utf8)
        #expect(stdout == "yes t1\n\(sandbox.resolvingSymlinksInPath().path)\n" || stdout == "yes t1\n\(sandbox.path)\n")
        #expect(try String(contentsOf: sandbox.appendingPathComponent("stderr"), encoding: .utf8) == "oops\n")
    }

    @Test("an exit status is reported")
    func failure() async throws {
        defer { try? FileManager.default.removeItem(at: sandbox) }
        #expect(try await run("exit 3") == .exited(3))
    }

    @Test("a kill stops the whole task (its process group): the shell's children too")
    func kill() async throws {
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let pid = NIOLockedValueBox<Int32>(0)
        let exit = try await run("sleep 30 & echo $! > child; wait") { process in
            pid.withLockedValue { $0 = process.processIdentifier }
            Task {
                while !FileManager.default.fileExists(atPath: sandbox.appendingPathComponent("child").path) {
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(50))
                Launcher.kill(process, grace: .milliseconds(300))
            }
        }
        // dash waiting in `wait` ignores SIGTERM: then SIGKILL after the grace period ends it.
        #expect(exit == .signaled(15) || exit == .signaled(9))
        let child = try #require(Int32(try String(contentsOf: sandbox.appendingPathComponent("child"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        try await Task.sleep(for: .milliseconds(100))
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(child)/cmdline") || (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?.contains(") Z ") == true,
                "the shell's child (sleep) must be killed with it")
    }
}
