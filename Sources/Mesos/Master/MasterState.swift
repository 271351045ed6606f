import Contracts
import Foundation
import NIOCore

/// A framework the master knows.
struct FrameworkState {
    let id: String
    var info: FrameworkInfo
    /// The open event stream, while subscribed.
    var stream: AsyncStream<ByteBuffer>.Continuation?
    /// The `Mesos-Stream-Id` its calls must carry.
    var streamID: String?
    /// When its stream closed (ms), while disconnected: it is torn down after its failover timeout.
    var disconnectedAt: Int64?
    /// It asked for no offers (SUPPRESS) until REVIVE.
    var suppressed = false

    var isConnected: Bool { stream != nil }

    /// Sends one event down its stream, if it is connected.
    func send(_ event: SchedulerEvent) {
        stream?.yield(ByteBuffer(data: RecordIO.frame(MesosJSON.encode(event))))
    }
}

/// An agent the master knows.
struct AgentState {
    let id: String
    var info: AgentInfo
    var total: Resources
    /// The open event stream to the agent, while connected.
    var stream: AsyncStream<ByteBuffer>.Continuation?
    /// Which subscription `stream` belongs to.
    var streamID: String

    func send(_ event: AgentEvent) {
        stream?.yield(ByteBuffer(data: RecordIO.frame(MesosJSON.encode(event))))
    }
}

/// A task the master knows, with its latest status.
struct TaskEntry {
    let frameworkID: String
    var info: TaskInfo
    var resources: Resources
    var status: TaskStatus

    var agentID: String { info.agentId.value }
}

/// A call refused with an HTTP status and a message for the framework's author.
public struct CallRejected: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status): \(message)" }
}
