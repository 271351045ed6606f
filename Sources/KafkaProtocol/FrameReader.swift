import NIOCore

/// Splits a connection's bytes into Kafka frames: an int32 size, then that
/// many bytes (a request: header and body; a response: correlation id and
/// body). A size below `minimumBytes` or above `maxFrameBytes` is a protocol
/// error: the error goes down the pipeline, the rest of the connection's
/// bytes are ignored, and the connection closes, as Kafka does.
///
/// Frames that arrived whole in one read are passed on as slices of it, with
/// no copy. A frame that spans reads is assembled in a buffer of exactly its
/// size, allocated once when its size is known (as Kafka's `NetworkReceive`
/// does). NIO's `ByteToMessageHandler` instead merges reads into one growing
/// buffer and compacts it after each frame; with 1 MB produce requests the
/// growth, the compaction's copy and the fresh pages it faulted in took about
/// a third of the broker's event-loop time.
public final class KafkaFrameReader: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer

    /// The smallest possible frame (8 for a request header, 4 for a response's correlation id).
    public let minimumBytes: Int
    /// The largest frame accepted.
    public let maxFrameBytes: Int
    /// What a frame is, for the error: `request` or `response`.
    public let kind: String

    /// The start of a frame that has not fully arrived, size prefix included.
    private var partial: ByteBuffer?
    /// Set after a protocol error: nothing more is read from this connection.
    private var failed = false

    /// A reader of `kind` frames of `minimumBytes` to `maxFrameBytes` bytes.
    public init(kind: String, minimumBytes: Int, maxFrameBytes: Int) {
        self.kind = kind
        self.minimumBytes = minimumBytes
        self.maxFrameBytes = maxFrameBytes
    }

    /// A broker's reader of request frames: a size below the smallest header
    /// (8 bytes) or above the limit closes the connection.
    public static func requests(maxFrameBytes: Int) -> KafkaFrameReader {
        KafkaFrameReader(kind: "request", minimumBytes: 8, maxFrameBytes: maxFrameBytes)
    }

    /// A client's reader of response frames (correlation id and body): a size
    /// below 4 or above the limit closes the connection.
    public static func responses(maxFrameBytes: Int) -> KafkaFrameReader {
        KafkaFrameReader(kind: "response", minimumBytes: 4, maxFrameBytes: maxFrameBytes)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        var input = unwrapInboundIn(data)
        do {
            if var frame = partial {
                partial = nil
                guard try fill(&frame, from: &input, allocator: context.channel.allocator) else {
                    partial = frame
                    return
                }
                frame.moveReaderIndex(forwardBy: 4)
                context.fireChannelRead(wrapInboundOut(frame))
            }
            while input.readableBytes > 0 {
                if input.readableBytes >= 4 {
                    let size = try frameSize(input)
                    if input.readableBytes >= 4 + size {
                        input.moveReaderIndex(forwardBy: 4)
                        context.fireChannelRead(wrapInboundOut(input.readSlice(length: size)!))
                        continue
                    }
                    var frame = context.channel.allocator.buffer(capacity: 4 + size)
                    frame.writeBuffer(&input)
                    partial = frame
                } else {
                    var prefix = context.channel.allocator.buffer(capacity: 4)
                    prefix.writeBuffer(&input)
                    partial = prefix
                }
            }
        } catch {
            failed = true
            partial = nil
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }

    /// Moves bytes of `input` into `frame` until the frame is whole; true when
    /// it is. A frame of which only part of the size prefix had arrived is
    /// moved to a buffer of its full size once the prefix is complete.
    private func fill(_ frame: inout ByteBuffer, from input: inout ByteBuffer, allocator: ByteBufferAllocator) throws -> Bool {
        if frame.readableBytes < 4 {
            var prefixRest = input.readSlice(length: min(4 - frame.readableBytes, input.readableBytes))!
            frame.writeBuffer(&prefixRest)
            guard frame.readableBytes == 4 else { return false }
            var sized = allocator.buffer(capacity: 4 + (try frameSize(frame)))
            sized.writeBuffer(&frame)
            frame = sized
        }
        let whole = 4 + Int(frame.getInteger(at: frame.readerIndex, as: Int32.self)!)
        var part = input.readSlice(length: min(whole - frame.readableBytes, input.readableBytes))!
        frame.writeBuffer(&part)
        return frame.readableBytes == whole
    }

    /// The size a frame's prefix declares, checked against the limits.
    private func frameSize(_ buffer: ByteBuffer) throws -> Int {
        let size = Int(buffer.getInteger(at: buffer.readerIndex, as: Int32.self)!)
        guard size >= minimumBytes, size <= maxFrameBytes else {
            throw KafkaWireError("\(kind) size", "\(size) bytes is not a possible \(kind) (limit \(maxFrameBytes))")
        }
        return size
    }
}
