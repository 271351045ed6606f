import Contracts
import Foundation
import KafkaProtocol
import Logging
import NIOCore
import NIOPosix

/// The broker on the network: accepts connections and serves each one's
/// requests in order, one at a time (as Kafka does per connection).
public final class BrokerServer: Sendable {
    let broker: Broker
    let group: MultiThreadedEventLoopGroup
    let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    let logger: Logger
    let lifecycle = Lifecycle()
    /// The port it listens on (the real one when the configured port was 0).
    public let port: Int

    /// Opens the data directory and binds the listening socket.
    public init(config: BrokerConfig, lab: any LogLab, logger: Logger = Logger(label: "broker")) async throws {
        broker = try Broker(config: config, lab: lab)
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        let maxFrameBytes = config.maxRequestBytes
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 4_096, maximum: 1 << 20))
            .bind(host: config.host, port: config.port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(KafkaFrameReader.requests(maxFrameBytes: maxFrameBytes))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        port = channel.channel.localAddress?.port ?? config.port
    }

    /// Serves connections until `shutdown()` or until the task is cancelled;
    /// then closes every connection.
    public func run() async throws {
        await lifecycle.started()
        defer { Task { await lifecycle.ended() } }
        let handler = RequestHandler(broker: broker, advertisedHost: broker.config.advertisedHost ?? broker.config.host,
                                     advertisedPort: Int32(port))
        let logger = self.logger
        let groups = broker.groups
        let broker = self.broker
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask {  // delete old segments by retention.bytes / retention.ms
                while !Task.isCancelled {
                    try await Task.sleep(for: broker.config.retentionCheckInterval)
                    _ = await broker.enforceRetention(now: Int64(Date().timeIntervalSince1970 * 1_000))
                }
            }
            tasks.addTask {  // expire consumer-group members whose heartbeats stopped
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(500))
                    await groups.sweep()
                }
            }
            do {
                try await channel.executeThenClose { connections in
                    for try await connection in connections {
                        tasks.addTask { await Self.serve(connection, handler: handler, logger: logger) }
                    }
                }
            } catch {
                logger.debug("stopped accepting connections: \(error)")
            }
            tasks.cancelAll()  // the listener is gone: close every connection, stop the sweeper
        }
    }

    /// One connection. Requests are taken in order (a Produce's appends
    /// happen in the order sent); what waits for durability overlaps with
    /// the next requests, so pipelined produce requests share fsyncs; the
    /// responses go back in request order. At most `maxInFlight` wait.
    static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, handler: RequestHandler, logger: Logger) async {
        let maxInFlight = 64
        do {
            try await connection.executeThenClose { inbound, outbound in
                let (pending, queue) = AsyncStream.makeStream(of: Task<RequestHandler.Outcome, any Error>.self)
                let slots = InFlightLimit(maxInFlight)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {  // the writer: responses in request order
                        for await task in pending {
                            defer { Task { await slots.release() } }
                            switch try await task.value {
                            case .respond(let response): try await outbound.write(response)
                            case .noResponse, .later: continue
                            case .close(let reason):
                                logger.info("closing connection: \(reason)")
                                throw CancellationError()
                            }
                        }
                    }
                    for try await frame in inbound {
                        await slots.acquire()
                        let outcome = try await handler.handle(frame)
                        if case .later(let rest) = outcome {
                            queue.yield(Task { try await rest() })
                        } else {
                            queue.yield(Task { outcome })
                        }
                        if case .close = outcome { break }
                    }
                    queue.finish()
                    try await group.waitForAll()
                }
            }
        } catch {
            logger.info("connection closed: \(error)")
        }
    }

    /// Stops the event loops.
    /// Closes the listening socket and every connection, waits for `run()`
    /// to return (if it runs), then stops the event loops. The port is free
    /// again when this returns.
    public func shutdown() async throws {
        try? await channel.channel.close().get()
        await lifecycle.waitUntilEnded()
        try await group.shutdownGracefully()
    }
}

/// Whether `run()` is serving, so `shutdown()` can wait for it to finish
/// before the event loops it uses go away.
actor Lifecycle {
    private var running = false
    private var finished = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func started() { running = true }

    func ended() {
        finished = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func waitUntilEnded() async {
        guard running, !finished else { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
