import NIOCore

/// One frame off the wire: its header and its (uncompressed) body.
public struct Frame: Sendable {
    public var header: FrameHeader
    public var body: ByteBuffer

    /// A frame of `header` and `body`.
    public init(header: FrameHeader, body: ByteBuffer) {
        self.header = header
        self.body = body
    }
}

/// Splits a connection's bytes into CQL frames: a 9-byte header, then the
/// body of the length it gives. A negative length or one above
/// `maxFrameBytes` (the spec's limit is 256 MB) is an error naming the
/// stream, after which the connection should be closed.
///
/// The version byte is not checked here: a client probing another version
/// (v5, v6, DSE's 0x41 and 0x42) uses the same header layout, and the server
/// answers it from the frame's header.
public struct FrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = Frame
    /// The spec's frame size limit: 256 MB.
    public static let defaultMaxFrameBytes = 256 << 20
    /// The largest body accepted.
    public let maxFrameBytes: Int

    /// A decoder of frames whose bodies hold at most `maxFrameBytes` bytes.
    public init(maxFrameBytes: Int = FrameDecoder.defaultMaxFrameBytes) {
        self.maxFrameBytes = maxFrameBytes
    }

    /// Takes one frame off `buffer`, or says how it is malformed.
    public static func decodeFrame(from buffer: inout ByteBuffer, maxFrameBytes: Int) throws -> Frame? {
        var peek = buffer
        guard let header = FrameHeader.read(from: &peek) else { return nil }
        guard header.length >= 0 else {
            throw CQLWireError("frame body length", "\(header.length) is negative", stream: header.stream)
        }
        guard Int(header.length) <= maxFrameBytes else {
            throw CQLWireError("frame body length", "\(header.length) bytes exceeds the limit of \(maxFrameBytes)",
                               stream: header.stream)
        }
        guard buffer.readableBytes >= FrameHeader.size + Int(header.length) else { return nil }
        buffer.moveReaderIndex(forwardBy: FrameHeader.size)
        return Frame(header: header, body: buffer.readSlice(length: Int(header.length))!)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try Self.decodeFrame(from: &buffer, maxFrameBytes: maxFrameBytes) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }
}
