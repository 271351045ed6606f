import CassandraStore
import CQLClient
import CQLProtocol
import NIOCore
import NIOPosix

struct TestTimeout: Error, CustomStringConvertible {
    let description: String
}

/// Runs `body` against a `CQLServer` on 127.0.0.1 (a free port) serving
/// `layer`, then shuts the server down.
func withServer(_ layer: FakeQueryLayer = FakeQueryLayer(), maxInFlightPerConnection: Int = 128,
                _ body: (CQLServer, FakeQueryLayer) async throws -> Void) async throws {
    let server = try await CQLServer(host: "127.0.0.1", port: 0, handler: layer,
                                     maxInFlightPerConnection: maxInFlightPerConnection)
    let serving = Task { try await server.run() }
    do {
        try await body(server, layer)
    } catch {
        await layer.gate.openGate()
        try? await server.shutdown()
        _ = await serving.result
        throw error
    }
    await layer.gate.openGate()
    try await server.shutdown()
    _ = await serving.result
}

/// A client connection to `server`.
func connect(_ server: CQLServer) async throws -> CQLConnection {
    var configuration = CQLConnection.Configuration()
    configuration.requestTimeout = .seconds(10)
    return try await CQLConnection.connect(host: "127.0.0.1", port: server.port, configuration: configuration)
}

/// Fails with `TestTimeout` if `body` takes longer than `limit`.
func within<T: Sendable>(_ limit: Duration = .seconds(10), _ what: String,
                         _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TestTimeout(description: "\(what) did not happen within \(limit)")
        }
        return value
    }
}

/// A socket that speaks frames by hand: writes any bytes, reads whole frames.
final class RawConnection: Sendable {
    let frames: AsyncStream<Frame?>
    private let outgoing: AsyncStream<ByteBuffer>.Continuation
    private let pump: Task<Void, Never>

    init(port: Int) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
                    return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let (frames, sink) = AsyncStream.makeStream(of: Frame?.self)
        let (toWrite, outgoing) = AsyncStream.makeStream(of: ByteBuffer.self)
        self.frames = frames
        self.outgoing = outgoing
        pump = Task {
            try? await channel.executeThenClose { inbound, outbound in
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { for await bytes in toWrite { try await outbound.write(bytes) } }
                    do {
                        for try await frame in inbound { sink.yield(frame) }
                    } catch {}
                    sink.yield(nil)  // closed
                    sink.finish()
                    group.cancelAll()
                }
            }
        }
    }

    /// Writes `bytes` as they are.
    func write(_ bytes: ByteBuffer) async throws {
        outgoing.yield(bytes)
    }

    /// The next frame, or nil once the server closed the connection.
    func next(_ what: String = "a frame") async throws -> Frame? {
        let frames = self.frames
        return try await within(.seconds(10), what) {
            var iterator = frames.makeAsyncIterator()
            return await iterator.next() ?? nil
        }
    }

    /// Sends `request` on `stream` and returns the answer's frame.
    func roundTrip(_ request: RequestMessage, stream: Int16 = 0) async throws -> Frame {
        try await write(Frame.encode(request, stream: stream))
        guard let frame = try await next("an answer to \(request.opcode)") else {
            throw TestTimeout(description: "the connection closed instead of answering \(request.opcode)")
        }
        return frame
    }

    /// Closes the socket.
    func close() {
        outgoing.finish()
        pump.cancel()
    }
}
