import NIOCore

/// Splits a connection's bytes into Kafka frames: an int32 size, then that
/// many bytes (a request on the broker's side, a response on a client's).
/// A size outside `minimumBytes...maximumBytes` is a protocol error that
/// closes the connection, as Kafka does.
public struct KafkaFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer
    public let minimumBytes: Int
    public let maximumBytes: Int

    /// - Parameters:
    ///   - minimumBytes: the smallest possible frame (a request header is at least 10 bytes).
    ///   - maximumBytes: the largest accepted (`socket.request.max.bytes`, 100 MiB by default).
    public init(minimumBytes: Int, maximumBytes: Int = 100 << 20) {
        self.minimumBytes = minimumBytes
        self.maximumBytes = maximumBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return .needMoreData }
        guard Int(size) >= minimumBytes, Int(size) <= maximumBytes else {
            throw KafkaWireError("frame size", "\(size) bytes is not a possible frame (\(minimumBytes) to \(maximumBytes))")
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: Int(size))!))
        return .continue
    }
}
