import NIOCore

/// The body of a RESULT response (spec §4.2.5): what QUERY, EXECUTE,
/// BATCH and PREPARE return.
public enum ResultMessage: Hashable, Sendable {
    /// Done, nothing to return (INSERT, UPDATE, DELETE, BATCH).
    case void
    case rows(Rows)
    /// The keyspace a USE switched to.
    case setKeyspace(String)
    case prepared(PreparedResult)
    case schemaChange(SchemaChange)

    /// The [int] kind that starts the body.
    public var kind: Int32 {
        switch self {
        case .void: 0x0001
        case .rows: 0x0002
        case .setKeyspace: 0x0003
        case .prepared: 0x0004
        case .schemaChange: 0x0005
        }
    }

    /// Writes the kind and its body.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(kind)
        switch self {
        case .void: break
        case .rows(let rows): rows.write(to: &buffer)
        case .setKeyspace(let keyspace): buffer.writeCQLString(keyspace)
        case .prepared(let prepared): prepared.write(to: &buffer)
        case .schemaChange(let change): change.write(to: &buffer)
        }
    }

    /// Reads a RESULT body.
    public static func read(from buffer: inout ByteBuffer) throws -> ResultMessage {
        let kind: Int32 = try buffer.readCQLInteger("kind")
        switch kind {
        case 0x0001: return .void
        case 0x0002: return .rows(try Rows.read(from: &buffer))
        case 0x0003: return .setKeyspace(try buffer.readCQLString("keyspace"))
        case 0x0004: return .prepared(try PreparedResult.read(from: &buffer))
        case 0x0005: return .schemaChange(try SchemaChange.read(from: &buffer))
        default: throw CQLWireError("kind", "unknown result kind \(kind)")
        }
    }
}
