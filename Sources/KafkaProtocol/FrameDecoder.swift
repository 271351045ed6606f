import NIOCore

/// Splits a connection's bytes into Kafka frames: an int32 size, then that
/// many bytes (a request: header and body; a response: correlation id and
/// body). A size below `minimumBytes` or above `maxFrameBytes` is a protocol
/// error, and the connection closes, as Kafka does.
public struct KafkaFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer
    /// The smallest possible frame (8 for a request header, 4 for a response's correlation id).
    public let minimumBytes: Int
    /// The largest frame accepted.
    public let maxFrameBytes: Int
    /// What a frame is, for the error: `request` or `response`.
    public let kind: String

    /// A decoder of `kind` frames of `minimumBytes` to `maxFrameBytes` bytes.
    public init(kind: String, minimumBytes: Int, maxFrameBytes: Int) {
        self.kind = kind
        self.minimumBytes = minimumBytes
        self.maxFrameBytes = maxFrameBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return .needMoreData }
        guard Int(size) >= minimumBytes, Int(size) <= maxFrameBytes else {
            throw KafkaWireError("\(kind) size", "\(size) bytes is not a possible \(kind) (limit \(maxFrameBytes))")
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: Int(size))!))
        return .continue
    }
}
