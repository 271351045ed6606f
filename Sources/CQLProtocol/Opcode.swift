/// The kind of message a frame carries (spec §2.4): the fifth byte of the
/// header. Unknown values are kept, so a server can answer them with a
/// protocol error that names the byte.
public struct Opcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let error = Opcode(rawValue: 0x00)
    public static let startup = Opcode(rawValue: 0x01)
    public static let ready = Opcode(rawValue: 0x02)
    public static let authenticate = Opcode(rawValue: 0x03)
    public static let options = Opcode(rawValue: 0x05)
    public static let supported = Opcode(rawValue: 0x06)
    public static let query = Opcode(rawValue: 0x07)
    public static let result = Opcode(rawValue: 0x08)
    public static let prepare = Opcode(rawValue: 0x09)
    public static let execute = Opcode(rawValue: 0x0A)
    public static let register = Opcode(rawValue: 0x0B)
    public static let event = Opcode(rawValue: 0x0C)
    public static let batch = Opcode(rawValue: 0x0D)
    public static let authChallenge = Opcode(rawValue: 0x0E)
    public static let authResponse = Opcode(rawValue: 0x0F)
    public static let authSuccess = Opcode(rawValue: 0x10)

    private static let names: [UInt8: String] = [
        0x00: "ERROR", 0x01: "STARTUP", 0x02: "READY", 0x03: "AUTHENTICATE", 0x05: "OPTIONS", 0x06: "SUPPORTED",
        0x07: "QUERY", 0x08: "RESULT", 0x09: "PREPARE", 0x0A: "EXECUTE", 0x0B: "REGISTER", 0x0C: "EVENT",
        0x0D: "BATCH", 0x0E: "AUTH_CHALLENGE", 0x0F: "AUTH_RESPONSE", 0x10: "AUTH_SUCCESS",
    ]

    /// The spec's name, e.g. `QUERY`, or `opcode 0x42` for an unknown one.
    public var description: String {
        Self.names[rawValue] ?? "opcode 0x" + String(rawValue, radix: 16, uppercase: true)
    }
}
