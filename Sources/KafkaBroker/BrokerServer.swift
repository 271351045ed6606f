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
            .bind(host: config.host, port: config.port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder.requests(maxFrameBytes: maxFrameBytes)))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        port = channel.channel.localAddress?.port ?? config.port
    }

    /// Serves connections until the task is cancelled.
    public func run() async throws {
        let handler = RequestHandler(broker: broker, advertisedHost: broker.config.advertisedHost ?? broker.config.host,
                                     advertisedPort: Int32(port))
        let logger = self.logger
        try await withThrowingDiscardingTaskGroup { tasks in
            try await channel.executeThenClose { connections in
                for try await connection in connections {
                    tasks.addTask { await Self.serve(connection, handler: handler, logger: logger) }
                }
            }
        }
    }

    /// One connection: request, response, request, response...
    static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, handler: RequestHandler, logger: Logger) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await frame in inbound {
                    switch try await handler.handle(frame) {
                    case .respond(let response): try await outbound.write(response)
                    case .noResponse: continue
                    case .close(let reason):
                        logger.info("closing connection: \(reason)")
                        return
                    }
                }
            }
        } catch {
            logger.info("connection closed: \(error)")
        }
    }

    /// Stops the event loops.
    public func shutdown() async throws {
        try await channel.channel.close().get()
        try await group.shutdownGracefully()
    }
}
