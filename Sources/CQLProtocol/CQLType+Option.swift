import CQL
import NIOCore

extension ByteBuffer {
    /// How deeply types may nest (`list<map<int, tuple<...>>>`) before a
    /// message is taken as malformed rather than read further.
    static let maxTypeDepth = 32

    /// Writes a type as an [option] (spec §4.2.5.2): its id, then for
    /// custom the class name, for list and set the element type, for map
    /// the key and value types, for tuple a [short] n and n types.
    /// `frozen<T>` is written as `T`: the protocol does not say frozen.
    public mutating func writeCQLOption(_ type: CQLType) {
        writeInteger(type.optionID)
        switch type.unfrozen {
        case .custom(let className): writeCQLString(className)
        case .list(let element), .set(let element): writeCQLOption(element)
        case .map(let key, let value):
            writeCQLOption(key)
            writeCQLOption(value)
        case .tuple(let elements):
            writeInteger(UInt16(elements.count))
            for element in elements { writeCQLOption(element) }
        default: break
        }
    }

    /// Reads an [option] type. Never returns `frozen` (the protocol does not
    /// carry it); a user-defined type (0x0030) or an unknown id is an error.
    public mutating func readCQLOption(_ field: @autoclosure () -> String) throws -> CQLType {
        try readCQLOption(field(), depth: 0)
    }

    private mutating func readCQLOption(_ field: String, depth: Int) throws -> CQLType {
        guard depth < Self.maxTypeDepth else { throw CQLWireError(field, "types nested deeper than \(Self.maxTypeDepth)") }
        let id: UInt16 = try readCQLInteger("\(field) option id")
        if let simple = Self.simpleTypes[id] { return simple }
        switch id {
        case 0x0000: return .custom(try readCQLString("\(field) class name"))
        case 0x0020: return .list(try readCQLOption("\(field) list element", depth: depth + 1))
        case 0x0022: return .set(try readCQLOption("\(field) set element", depth: depth + 1))
        case 0x0021:
            let key = try readCQLOption("\(field) map key", depth: depth + 1)
            return .map(key, try readCQLOption("\(field) map value", depth: depth + 1))
        case 0x0031:
            let count = try readCQLCount("\(field) tuple", minimumSize: 2)
            return .tuple(try (0..<count).map { try readCQLOption("\(field) tuple[\($0)]", depth: depth + 1) })
        case 0x0030: throw CQLWireError(field, "user-defined types (option 0x0030) are not supported")
        default: throw CQLWireError(field, "unknown type option id 0x\(String(id, radix: 16))")
        }
    }

    /// The types whose [option] is their id alone.
    private static let simpleTypes: [UInt16: CQLType] = Dictionary(uniqueKeysWithValues: [
        CQLType.ascii, .bigint, .blob, .boolean, .counter, .decimal, .double, .float, .int, .timestamp, .uuid, .text,
        .varint, .timeuuid, .inet, .date, .time, .smallint, .tinyint, .duration,
    ].map { ($0.optionID, $0) })
}
