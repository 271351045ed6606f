import CQLProtocol
import Foundation
import Logging
import NIOCore
import NIOPosix

/// The store on the network: a CQL native protocol v4 server that accepts
/// connections and hands each one's statements to a query layer
/// (`QueryHandling`). The DataStax drivers and cqlsh connect to it.
public final class CQLServer: Sendable {
    let handler: any QueryHandling
    let group: MultiThreadedEventLoopGroup
    let channel: NIOAsyncChannel<NIOAsyncChannel<Frame, ByteBuffer>, Never>
    let subscribers = EventSubscribers()
    let maxInFlightPerConnection: Int
    let logger: Logger
    let state = RunState()
    /// The port it listens on (the real one when the requested port was 0).
    public let port: Int

    /// Binds the listening socket on `host:port` (port 0: any free port).
    /// Frames with bodies above `maxFrameBytes` close their connection; each
    /// connection runs at most `maxInFlightPerConnection` statements at once.
    public init(host: String = "127.0.0.1", port: Int = 9042, handler: any QueryHandling,
                maxFrameBytes: Int = FrameDecoder.defaultMaxFrameBytes, maxInFlightPerConnection: Int = 128,
                logger: Logger = Logger(label: "cql-server")) async throws {
        self.handler = handler
        self.maxInFlightPerConnection = maxInFlightPerConnection
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { child in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameBytes: maxFrameBytes)))
                        return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: child)
                    }
                }
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.port = channel.channel.localAddress?.port ?? port
    }

    /// Serves connections until `shutdown()` or until the task is cancelled;
    /// then closes every connection.
    public func run() async throws {
        guard state.begin() else { return }
        defer { state.end() }
        let (handler, subscribers, logger, limit) = (handler, subscribers, logger, maxInFlightPerConnection)
        await withDiscardingTaskGroup { connections in
            do {
                try await channel.executeThenClose { inbound in
                    var next = 0
                    for try await connection in inbound {
                        next += 1
                        let server = ServerConnection(id: next, handler: handler, subscribers: subscribers,
                                                      maxInFlight: limit, logger: logger)
                        connections.addTask { await server.serve(connection) }
                    }
                }
            } catch {
                logger.debug("stopped accepting connections: \(error)")
            }
            connections.cancelAll()  // the listener is gone: close every connection
        }
    }

    /// Pushes `event` to every connection that REGISTERed for its type
    /// (the query layer calls it after DDL with a SCHEMA_CHANGE); returns
    /// how many connections it was queued for.
    @discardableResult
    public func broadcast(event: EventMessage) -> Int {
        subscribers.publish(event)
    }

    /// Closes the listening socket and every connection, waits for `run()`
    /// to return (if it runs), then stops the event loops. The port is free
    /// again when this returns.
    public func shutdown() async throws {
        try? await channel.channel.close().get()
        await state.waitUntilEnded()
        try await group.shutdownGracefully()
    }
}

/// Whether `run()` has begun and ended, so `shutdown()` can wait for it
/// before the event loops it uses go away.
final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var phase = 0  // 0: not run, 1: running, 2: ended
    private var onEnd: [CheckedContinuation<Void, Never>] = []

    /// Marks the start of `run()`; false if it already ran.
    func begin() -> Bool {
        lock.withLock {
            guard phase == 0 else { return false }
            phase = 1
            return true
        }
    }

    /// Marks the end of `run()` and wakes whoever waits for it.
    func end() {
        let waiting = lock.withLock {
            phase = 2
            defer { onEnd = [] }
            return onEnd
        }
        waiting.forEach { $0.resume() }
    }

    /// Returns once `run()` has ended, at once if it is not running.
    func waitUntilEnded() async {
        await withCheckedContinuation { continuation in
            let ready = lock.withLock {
                if phase == 1 { onEnd.append(continuation) }
                return phase != 1
            }
            if ready { continuation.resume() }
        }
    }
}
