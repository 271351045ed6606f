import KafkaProtocol
import NIOCore
import NIOPosix

/// A scripted Kafka server on 127.0.0.1 for connection-level tests: each
/// request's header and body go to `answer`, which returns the response body
/// (after the correlation id) or nil to stay silent.
final class FakeBroker: Sendable {
    typealias Answer = @Sendable (RequestHeader, inout ByteBuffer) -> ByteBuffer?
    let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    let serving: Task<Void, any Error>

    /// `127.0.0.1:port`.
    var address: String { "127.0.0.1:\(channel.channel.localAddress?.port ?? 0)" }

    init(answer: @escaping Answer) async throws {
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(
                        KafkaFrameReader.requests(maxFrameBytes: 1 << 20))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let channel = self.channel
        serving = Task {
            try await withThrowingDiscardingTaskGroup { tasks in
                try await channel.executeThenClose { connections in
                    for try await connection in connections {
                        tasks.addTask { try? await Self.serve(connection, answer) }
                    }
                }
            }
        }
    }

    static func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ answer: Answer) async throws {
        try await connection.executeThenClose { inbound, outbound in
            for try await frame in inbound {
                var body = frame
                let header = try RequestHeader.read(from: &body)
                guard let response = answer(header, &body) else { continue }
                var out = ByteBuffer()
                out.writeInteger(Int32(4 + response.readableBytes))
                out.writeInteger(header.correlationID)
                out.writeImmutableBuffer(response)
                try await outbound.write(out)
            }
        }
    }

    func stop() async {
        serving.cancel()
        _ = await serving.result
    }
}

extension ApiVersions.Response {
    /// This response's body in `version`.
    func body(version: Int16) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(to: &buffer, version: version)
        return buffer
    }
}
