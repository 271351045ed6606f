import Contracts
import Foundation
import Mesos
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `CHAOS=1`: every `interval`, one running task of the Chirp app, picked at
/// random, gets `kill -9`. Nothing else is done about it: the agent sees the
/// process die and reports TASK_FAILED, and Marathon launches a new copy.
/// The audit at the end says whether anything acknowledged was lost.
struct DemoChaos {
    let plan: DemoPlan
    let marathon: Marathon
    let interval: Duration
    var seed: UInt64

    /// Kills until cancelled; returns what it killed, in order.
    func run() async -> [String] {
        var random = SplitMix64(seed: seed)
        var killed: [String] = []
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { break }
            let running = await marathon.taskList.filter { $0.state == "TASK_RUNNING" }
            guard !running.isEmpty else { continue }
            let task = running[Int(random.next() % UInt64(running.count))]
            guard let pid = Self.pid(of: task.id, under: plan.path("agent")) else {
                say("chaos: no pid file for task \(task.id) yet; skipping this round")
                continue
            }
            kill(pid, SIGKILL)
            killed.append(task.appId)
            say("chaos: kill -9 \(task.appId) (task \(task.id), pid \(pid)); the scheduler will relaunch it")
        }
        return killed
    }

    /// The pid a task wrote when it started (the app's command begins with
    /// `echo $$ > task.pid; exec …`, so it is the service's own pid), found
    /// in its sandbox `<agent>/frameworks/<framework>/tasks/<task>`.
    static func pid(of taskID: String, under agent: String) -> pid_t? {
        let frameworks = URL(fileURLWithPath: agent).appendingPathComponent("frameworks")
        for framework in (try? FileManager.default.contentsOfDirectory(atPath: frameworks.path)) ?? [] {
            let file = frameworks.appendingPathComponent(framework).appendingPathComponent("tasks")
                .appendingPathComponent(taskID).appendingPathComponent(DemoPlan.pidFile)
            if let text = try? String(contentsOf: file, encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
        }
        return nil
    }
}
