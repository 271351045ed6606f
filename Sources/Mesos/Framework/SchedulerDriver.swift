import Foundation
import NIOCore

/// What a framework does with the master's events.
public protocol MesosScheduler: Sendable {
    /// One event (SUBSCRIBED, OFFERS, RESCIND, UPDATE, FAILURE, ERROR, HEARTBEAT).
    /// An UPDATE with a uuid is acknowledged by the driver after this returns.
    func received(_ event: SchedulerEvent, from driver: SchedulerDriver) async
}

/// A framework's side of Mesos' v1 scheduler HTTP API (what pymesos'
/// `MesosSchedulerDriver` is to Python): subscribes, reads the RecordIO event
/// stream, re-subscribes with its framework id when the connection drops,
/// sends calls with the `Mesos-Stream-Id`, and acknowledges status updates.
public actor SchedulerDriver {
    public let master: HTTPEndpoint
    private var info: FrameworkInfo
    private var streamID: String?
    /// The framework's id, once subscribed.
    public private(set) var frameworkID: String?
    /// Set by `teardown`: the driver does not subscribe again.
    private var tornDown = false

    public init(master: HTTPEndpoint, info: FrameworkInfo) {
        self.master = master
        self.info = info
        frameworkID = info.id?.value
    }

    /// Subscribes and hands every event to `scheduler` until cancelled,
    /// re-subscribing (with backoff) whenever the stream ends.
    public func run(_ scheduler: some MesosScheduler) async {
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled && !tornDown {
            info.id = frameworkID.map(MesosID.init)
            var decoder = RecordIODecoder()
            do {
                try await HTTPClient.exchange(master, method: .POST, "/api/v1/scheduler", body: MesosJSON.encode(SchedulerCall.subscribe(info)),
                                              headers: []) { head in
                    guard head.status == .ok else { throw CallRejected(Int(head.status.code), "SUBSCRIBE was refused") }
                    self.streamID = head.headers["Mesos-Stream-Id"].first
                } onBody: { buffer in
                    for record in try decoder.feed(buffer.readableBytesView) {
                        let event = try MesosJSON.decode(SchedulerEvent.self, from: record)
                        if let subscribed = event.subscribed { self.frameworkID = subscribed.frameworkId.value }
                        backoff = .milliseconds(100)
                        await scheduler.received(event, from: self)
                        if let status = event.update?.status, let id = self.frameworkID,
                           let ack = SchedulerCall.acknowledge(status, frameworkID: id) {
                            try? await self.send(ack)
                        }
                    }
                }
            } catch {}
            streamID = nil
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    /// Sends a call on the current subscription; throws unless answered 2xx.
    public func send(_ call: SchedulerCall) async throws {
        guard let streamID else { throw CallRejected(503, "not subscribed") }
        let reply = try await HTTPClient.post(master, "/api/v1/scheduler", json: MesosJSON.encode(call), headers: [("Mesos-Stream-Id", streamID)])
        guard (200..<300).contains(reply.status) else {
            throw CallRejected(reply.status, String(decoding: reply.body, as: UTF8.self))
        }
    }

    /// Ends the framework: TEARDOWN (its tasks are killed).
    public func teardown() async {
        guard !tornDown else { return }
        tornDown = true
        guard let frameworkID else { return }
        do {
            try await send(SchedulerCall(type: "TEARDOWN", frameworkID: frameworkID))
        } catch {
            FileHandle.standardError.write(Data("scheduler driver: TEARDOWN of \(frameworkID) failed: \(error)\n".utf8))
        }
    }
}
