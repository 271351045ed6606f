import KafkaProtocol
import NIOCore
import NIOPosix

/// One raw Kafka connection for benchmarks: sends pre-encoded request
/// frames, keeping up to `inFlight` unanswered, and reads the responses.
/// It measures the broker, not a client library.
struct LoadConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(host: String, port: Int, group: MultiThreadedEventLoopGroup) async throws -> LoadConnection {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(KafkaFrameReader.responses(maxFrameBytes: 100 << 20))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return LoadConnection(channel: channel)
    }

    /// Sends every frame, at most `inFlight` unanswered at a time; hands each
    /// response (without its size and correlation id) to `received`.
    func exchange(_ frames: [ByteBuffer], inFlight: Int, received: (ByteBuffer) throws -> Void = { _ in }) async throws {
        try await channel.executeThenClose { inbound, outbound in
            var responses = inbound.makeAsyncIterator()
            var sent = 0
            var answered = 0
            while answered < frames.count {
                while sent < frames.count && sent - answered < inFlight {
                    try await outbound.write(frames[sent])
                    sent += 1
                }
                guard var response = try await responses.next() else { throw LoadError("the broker closed the connection") }
                response.moveReaderIndex(forwardBy: 4)
                try received(response)
                answered += 1
            }
        }
    }

    /// Request, response, request...: `next` reads each response and returns
    /// the following request, or nil to stop.
    func converse(_ first: ByteBuffer, next: (ByteBuffer) throws -> ByteBuffer?) async throws {
        try await channel.executeThenClose { inbound, outbound in
            var responses = inbound.makeAsyncIterator()
            var request: ByteBuffer? = first
            while let frame = request {
                try await outbound.write(frame)
                guard var response = try await responses.next() else { throw LoadError("the broker closed the connection") }
                response.moveReaderIndex(forwardBy: 4)
                request = try next(response)
            }
        }
    }

    /// One request frame.
    static func frame(_ apiKey: ApiKey, version: Int16, correlationID: Int32, body: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(0))
        RequestHeader(apiKey: apiKey.rawValue, apiVersion: version, correlationID: correlationID, clientID: "box-bench")
            .write(to: &buffer)
        body(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: 0)
        return buffer
    }
}

struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
