import NIOCore

/// The flags byte of a frame header (spec §2.2).
public struct FrameFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The body is compressed (we never negotiate compression).
    public static let compression = FrameFlags(rawValue: 0x01)
    /// A request asks for tracing; a response starts with a tracing id [uuid].
    public static let tracing = FrameFlags(rawValue: 0x02)
    /// The body starts with a custom payload ([bytes map]).
    public static let customPayload = FrameFlags(rawValue: 0x04)
    /// A response body starts with warnings ([string list]), after any tracing id.
    public static let warning = FrameFlags(rawValue: 0x08)
}

/// The 9-byte header every frame starts with (spec §2):
/// version, flags, stream [short], opcode, body length [int].
public struct FrameHeader: Hashable, Sendable {
    /// The byte on the wire for a v4 request.
    public static let requestVersion: UInt8 = 0x04
    /// The byte on the wire for a v4 response.
    public static let responseVersion: UInt8 = 0x84
    /// The header's size in bytes.
    public static let size = 9

    /// The version byte as sent: the direction bit (0x80, set on responses)
    /// and the protocol version. A client probing v5 sends 0x05; `0x41`
    /// and `0x42` are DSE versions.
    public var version: UInt8
    public var flags: FrameFlags
    /// Chosen by the client for a request and echoed in its response; -1 for events.
    public var stream: Int16
    public var opcode: Opcode
    /// The body's length in bytes.
    public var length: Int32

    /// A header of the given fields.
    public init(version: UInt8, flags: FrameFlags = [], stream: Int16, opcode: Opcode, length: Int32) {
        self.version = version
        self.flags = flags
        self.stream = stream
        self.opcode = opcode
        self.length = length
    }

    /// The protocol version without the direction bit (4 for v4).
    public var protocolVersion: UInt8 { version & 0x7F }
    /// Whether the direction bit says this frame goes from server to client.
    public var isResponse: Bool { version & 0x80 != 0 }

    /// Writes the 9 header bytes.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(version)
        buffer.writeInteger(flags.rawValue)
        buffer.writeInteger(stream)
        buffer.writeInteger(opcode.rawValue)
        buffer.writeInteger(length)
    }

    /// Reads a header, or nil when fewer than 9 bytes are there (nothing is consumed then).
    public static func read(from buffer: inout ByteBuffer) -> FrameHeader? {
        guard buffer.readableBytes >= size,
              let version = buffer.readInteger(as: UInt8.self),
              let flags = buffer.readInteger(as: UInt8.self),
              let stream = buffer.readInteger(as: Int16.self),
              let opcode = buffer.readInteger(as: UInt8.self),
              let length = buffer.readInteger(as: Int32.self) else { return nil }
        return FrameHeader(version: version, flags: FrameFlags(rawValue: flags), stream: stream,
                           opcode: Opcode(rawValue: opcode), length: length)
    }
}
