import NIOCore

/// A consistency level (a [consistency], spec §3). A single node meets
/// every level, but clients send them and results and errors echo them.
public enum Consistency: UInt16, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case any = 0x0000
    case one = 0x0001
    case two = 0x0002
    case three = 0x0003
    case quorum = 0x0004
    case all = 0x0005
    case localQuorum = 0x0006
    case eachQuorum = 0x0007
    case serial = 0x0008
    case localSerial = 0x0009
    case localOne = 0x000A

    /// Cassandra's name, e.g. `LOCAL_ONE`.
    public var description: String {
        switch self {
        case .any: "ANY"
        case .one: "ONE"
        case .two: "TWO"
        case .three: "THREE"
        case .quorum: "QUORUM"
        case .all: "ALL"
        case .localQuorum: "LOCAL_QUORUM"
        case .eachQuorum: "EACH_QUORUM"
        case .serial: "SERIAL"
        case .localSerial: "LOCAL_SERIAL"
        case .localOne: "LOCAL_ONE"
        }
    }
}

extension ByteBuffer {
    /// Writes a [consistency]: its [short] code.
    public mutating func writeCQLConsistency(_ value: Consistency) {
        writeInteger(value.rawValue)
    }

    /// Reads a [consistency]; an unknown code is an error.
    public mutating func readCQLConsistency(_ field: @autoclosure () -> String) throws -> Consistency {
        let code: UInt16 = try readCQLInteger(field())
        guard let value = Consistency(rawValue: code) else {
            throw CQLWireError(field(), "unknown consistency 0x\(String(code, radix: 16))")
        }
        return value
    }
}
