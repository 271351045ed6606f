import Contracts
import Foundation
import NIOCore

extension Master {
    /// An agent subscribes (or re-subscribes after a reconnect or a master
    /// restart, with its id and the tasks it runs): it gets its id and an
    /// event stream of LAUNCH and KILL.
    func subscribeAgent(_ call: AgentCall) throws -> (agentID: String, streamID: String, events: AsyncStream<ByteBuffer>) {
        guard let subscribe = call.subscribe else { throw CallRejected(400, "SUBSCRIBE needs a subscribe object with agent_info") }
        let now = Master.now()
        let claimed = subscribe.agentInfo.id?.value
        let id: String
        if let claimed, agents[claimed] != nil || recovering[claimed] != nil {
            id = claimed
        } else {
            agentsMade += 1
            id = "\(runID)-S\(agentsMade)"
        }
        var info = subscribe.agentInfo
        info.id = MesosID(id)
        agents[id]?.stream?.finish()
        let (events, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .unbounded)
        let streamID = UUID().uuidString
        let agent = AgentState(id: id, info: info, total: Resources(mesos: info.resources), stream: continuation, streamID: streamID)
        agents[id] = agent
        let wasRecovering = recovering.removeValue(forKey: id) != nil
        try? registry.saveAgent(id, info)
        _ = labCall("watching agent heartbeats") { try monitor.heartbeat(agentID: id, now: now) }
        agent.send(.subscribed(id, heartbeatSeconds: Double(configuration.agentHeartbeatMs) / 1000))

        // What the agent says it runs, against what the master knows.
        let reported = Dictionary(subscribe.tasks.map { (TaskKey(frameworkID: $0.frameworkId.value, taskID: $0.task.taskId.value), $0) },
                                  uniquingKeysWith: { a, _ in a })
        for (key, running) in reported {
            guard var entry = tasks[key], entry.agentID == id, !entry.status.state.isTerminal, frameworks[key.frameworkID] != nil else {
                agent.send(.kill(key.taskID, frameworkID: key.frameworkID))  // unknown here, or already over: it must stop
                continue
            }
            if let state = TaskState(rawValue: running.state), state != entry.status.state,
               labCall("checking a task state change", { try lab.canTransition(from: entry.status.state, to: state) }) == true {
                entry.status = TaskStatus(taskID: key.taskID, frameworkID: key.frameworkID, agentID: id, state: state,
                                          message: "Reported by the re-registered agent", uuid: Master.newUUID(), timestamp: now)
                tasks[key] = entry
                try? registry.saveTask(frameworkID: entry.frameworkID, entry.info, status: MesosTaskStatus(entry.status))
                send(entry.status)
            }
        }
        if wasRecovering || claimed == id {
            for (key, entry) in tasks where entry.agentID == id && !entry.status.state.isTerminal && reported[key] == nil
                && entry.status.state != .staging {
                lose(key, message: "Task was not found on the re-registered agent", now: now)
            }
        }
        return (id, streamID, events)
    }

    /// The agent's event stream `streamID` ended (a newer one, after a
    /// reconnect, stays). The agent counts as alive until it misses its heartbeats.
    func agentStreamClosed(_ agentID: String, streamID: String) {
        guard agents[agentID]?.streamID == streamID else { return }
        agents[agentID]?.stream = nil
    }

    /// HEARTBEAT from an agent; false when the master does not know it (it
    /// should subscribe as a new agent). An agent still recovering (known from
    /// the registry) is answered true: it re-subscribes with its id shortly.
    func agentHeartbeat(_ agentID: String) -> Bool {
        if recovering[agentID] != nil { return true }
        guard agents[agentID] != nil else { return false }
        let now = Master.now()
        _ = labCall("watching agent heartbeats") { try monitor.heartbeat(agentID: agentID, now: now) }
        return true
    }

    /// UPDATE from an agent: a task's new state. Applied when the lab's task
    /// state machine allows the change (a repeat is ignored), recorded, and
    /// sent on to the framework reliably. False when the agent is unknown.
    func agentUpdate(_ agentID: String, frameworkID: String, status wire: MesosTaskStatus) -> Bool {
        guard agents[agentID] != nil else { return false }
        guard var status = wire.status(frameworkID: frameworkID), var entry = tasks[status.key] else {
            return true
        }
        guard labCall("checking a task state change", { try lab.canTransition(from: entry.status.state, to: status.state) }) == true else {
            return true
        }
        status.agentID = agentID
        if status.uuid == nil { status.uuid = Master.newUUID() }
        entry.status = status
        tasks[status.key] = entry
        try? registry.saveTask(frameworkID: frameworkID, entry.info, status: MesosTaskStatus(status))
        send(status)
        return true
    }

    /// The agent is gone (missed heartbeats, or never re-registered): its
    /// offers are rescinded, its tasks are lost, and frameworks hear of it.
    func removeAgent(_ agentID: String, reason: String) {
        let now = Master.now()
        for offer in labCall("rescinding offers", { try offerBook.rescind(agentID: agentID) }) ?? [] {
            frameworks[offer.frameworkID]?.send(.rescind(offer.id))
        }
        for (key, entry) in tasks where entry.agentID == agentID && !entry.status.state.isTerminal {
            lose(key, message: "Agent \(agentID) removed: \(reason)", now: now)
        }
        agents.removeValue(forKey: agentID)?.stream?.finish()
        recovering[agentID] = nil
        _ = labCall("forgetting an agent") { try monitor.remove(agentID: agentID) }
        try? registry.removeAgent(agentID)
        for framework in frameworks.values { framework.send(.failure(agentID: agentID)) }
        FileHandle.standardError.write(Data("box scheduler master: agent \(agentID) removed: \(reason)\n".utf8))
    }

    /// A task ends TASK_LOST (its agent is gone or forgot it).
    func lose(_ key: TaskKey, message: String, now: Int64) {
        guard var entry = tasks[key] else { return }
        entry.status = TaskStatus(taskID: key.taskID, frameworkID: key.frameworkID, agentID: entry.agentID, state: .lost,
                                  message: message, uuid: Master.newUUID(), timestamp: now)
        tasks[key] = entry
        try? registry.saveTask(frameworkID: entry.frameworkID, entry.info, status: MesosTaskStatus(entry.status))
        send(entry.status)
    }
}
