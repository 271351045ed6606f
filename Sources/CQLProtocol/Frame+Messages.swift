import NIOCore

/// Frames to and from messages: the header, then the envelope the flags
/// announce (custom payload, tracing id, warnings), then the message body.
extension Frame {
    /// The bytes of a v4 request frame carrying `message` on `stream`.
    public static func encode(_ message: RequestMessage, stream: Int16, flags: FrameFlags = []) -> ByteBuffer {
        encode(version: FrameHeader.requestVersion, flags: flags.subtracting([.compression, .customPayload, .warning]),
               stream: stream, opcode: message.opcode, body: message.write)
    }

    /// The bytes of a response frame carrying `message` on `stream` (-1 for events).
    /// `version` is 0x84 (v4) unless answering in another version's frame.
    public static func encode(_ message: ResponseMessage, stream: Int16, version: UInt8 = FrameHeader.responseVersion)
        -> ByteBuffer {
        encode(version: version, flags: [], stream: stream, opcode: message.opcode, body: message.write)
    }

    /// The bytes of a frame whose body `writeBody` writes (the length is filled in after).
    public static func encode(version: UInt8, flags: FrameFlags, stream: Int16, opcode: Opcode,
                              body writeBody: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBuffer()
        FrameHeader(version: version, flags: flags, stream: stream, opcode: opcode, length: 0).write(to: &buffer)
        writeBody(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - FrameHeader.size), at: buffer.readerIndex + 5)
        return buffer
    }

    /// Decodes a request frame's message, skipping a custom payload. A
    /// compressed body is an error (we never agree on compression).
    public func requestMessage() throws -> RequestMessage {
        var body = body
        do {
            try checkUncompressed()
            if header.flags.contains(.customPayload) { _ = try body.readCQLBytesMap("custom payload") }
        } catch let error as CQLWireError {
            throw CQLWireError(error.field, error.problem, stream: header.stream)
        }
        do {
            return try RequestMessage.read(opcode: header.opcode, from: &body)
        } catch let error as CQLWireError {
            throw CQLWireError(error.field, error.problem, stream: header.stream)
        }
    }

    /// Decodes a response frame's message, skipping a tracing id, warnings
    /// and a custom payload.
    public func responseMessage() throws -> ResponseMessage {
        var body = body
        do {
            try checkUncompressed()
            if header.flags.contains(.tracing) { _ = try body.readCQLUUID("tracing id") }
            if header.flags.contains(.warning) { _ = try body.readCQLStringList("warnings") }
            if header.flags.contains(.customPayload) { _ = try body.readCQLBytesMap("custom payload") }
            return try ResponseMessage.read(opcode: header.opcode, from: &body)
        } catch let error as CQLWireError {
            throw CQLWireError(error.field, error.problem, stream: header.stream)
        }
    }

    private func checkUncompressed() throws {
        if header.flags.contains(.compression) {
            throw CQLWireError("frame flags", "compressed body, but no compression was agreed in STARTUP")
        }
    }
}
