import Contracts
import Foundation
import Mesos
import Testing

@Suite("Mesos JSON")
struct MesosJSONTests {
    @Test("resources go to Mesos' Resource list and back")
    func resources() throws {
        let resources = try Resources(parsing: "cpus:1.5;mem:512;ports:[31000-31009,31020-31020]")
        let list = resources.mesos
        #expect(list.map(\.name) == ["cpus", "mem", "ports"])
        #expect(list[0].type == "SCALAR" && list[0].scalar?.value == 1.5)
        #expect(list[2].type == "RANGES" && list[2].ranges?.range.count == 2)
        #expect(Resources(mesos: list) == resources)
        let json = String(decoding: MesosJSON.encode(list[2]), as: UTF8.self)
        #expect(json == #"{"name":"ports","ranges":{"range":[{"begin":31000,"end":31009},{"begin":31020,"end":31020}]},"type":"RANGES"}"#)
    }

    @Test("events are snake_case with only their own sub-object")
    func events() {
        let subscribed = SchedulerEvent.subscribed("fw-1", heartbeatSeconds: 15,
                                                   master: .init(id: "m", hostname: "h", port: 5050, version: "1.11.0"))
        let json = String(decoding: MesosJSON.encode(subscribed), as: UTF8.self)
        #expect(json.contains(#""framework_id":{"value":"fw-1"}"#))
        #expect(json.contains(#""heartbeat_interval_seconds":15"#))
        #expect(!json.contains("offers") && !json.contains("update"))
        #expect(String(decoding: MesosJSON.encode(SchedulerEvent.heartbeat), as: UTF8.self) == #"{"type":"HEARTBEAT"}"#)
    }

    @Test("pymesos' ACCEPT with a LAUNCH is read")
    func pymesosAccept() throws {
        let body = #"""
        {"type": "ACCEPT", "framework_id": {"value": "fw-1"}, "accept": {"offer_ids": [{"value": "m-O1"}],
         "operations": [{"type": "LAUNCH", "launch": {"task_infos": [{"name": "echo-0", "task_id": {"value": "t1"},
           "agent_id": {"value": "a1"}, "resources": [{"name": "cpus", "type": "SCALAR", "scalar": {"value": 0.1}}],
           "command": {"value": "echo hi", "shell": true}}]}}], "filters": {"refuse_seconds": 5}}}
        """#
        let call = try MesosJSON.decode(SchedulerCall.self, from: Data(body.utf8))
        #expect(call.type == "ACCEPT" && call.frameworkId?.value == "fw-1")
        let task = try #require(call.accept?.operations.first?.launch?.taskInfos.first)
        #expect(task.taskId.value == "t1" && task.agentId.value == "a1" && task.command?.value == "echo hi")
        #expect(task.requested == Resources(scalars: ["cpus": 0.1]))
        #expect(call.accept?.filters?.refuseSeconds == 5)
    }

    @Test("a task status keeps its state, uuid and time on the wire")
    func status() throws {
        let status = TaskStatus(taskID: "t1", frameworkID: "fw", agentID: "a1", state: .running, message: "started",
                                uuid: "KzLBtAiAQD2ruy2rvdqXdA==", timestamp: 1_700_000_000_123)
        let wire = MesosTaskStatus(status, source: "SOURCE_EXECUTOR")
        let json = String(decoding: MesosJSON.encode(wire), as: UTF8.self)
        #expect(json.contains(#""state":"TASK_RUNNING""#) && json.contains(#""task_id":{"value":"t1"}"#))
        #expect(json.contains(#""timestamp":1700000000.123"#))
        let back = try MesosJSON.decode(MesosTaskStatus.self, from: Data(json.utf8))
        #expect(back.status(frameworkID: "fw") == status)
    }
}
