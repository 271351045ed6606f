import Contracts
import Foundation
import Mesos
import Testing

@Suite("Registry")
struct RegistryTests {
    @Test("frameworks, agents and tasks survive reopening; removals stick")
    func roundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let registry = try Registry(directory: directory)
            try registry.saveFramework("fw-1", FrameworkInfo(user: "root", name: "marathon", failoverTimeout: 60))
            try registry.saveFramework("fw-2", FrameworkInfo(name: "gone"))
            try registry.saveAgent("a1", AgentInfo(hostname: "h", resources: Resources(scalars: ["cpus": 2]).mesos))
            let task = TaskInfo(name: "t", taskID: "t1", agentID: "a1", resources: Resources(scalars: ["cpus": 1]),
                                command: CommandInfo(value: "sleep 1"))
            let status = TaskStatus(taskID: "t1", frameworkID: "fw-1", agentID: "a1", state: .running, timestamp: 1)
            try registry.saveTask(frameworkID: "fw-1", task, status: MesosTaskStatus(status))
            try registry.saveTask(frameworkID: "fw-2", task, status: MesosTaskStatus(status))
            try registry.removeFramework("fw-2")
        }
        let reopened = try Registry(directory: directory)
        #expect(try reopened.frameworks().map(\.id) == ["fw-1"])
        #expect(try reopened.frameworks()[0].info.failoverTimeout == 60)
        #expect(try reopened.agents().map(\.id) == ["a1"])
        let tasks = try reopened.tasks()
        #expect(tasks.count == 1 && tasks[0].frameworkID == "fw-1" && tasks[0].status.state == "TASK_RUNNING")
        try reopened.removeAgent("a1")
        #expect(try reopened.agents().isEmpty)
    }
}
