import KafkaProtocol
import NIOCore

/// Splits a connection's bytes into Kafka request frames: an int32 size,
/// then that many bytes. A size below the smallest header or above the
/// limit is a protocol error: the connection is closed, as Kafka does.
struct FrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    let maxFrameBytes: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return .needMoreData }
        guard size >= 8, Int(size) <= maxFrameBytes else {
            throw KafkaWireError("request size", "\(size) bytes is not a possible request (limit \(maxFrameBytes))")
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: Int(size))!))
        return .continue
    }
}
