import NIOCore

/// An event the server pushes, on stream -1, to connections that
/// REGISTERed for its type (spec §4.2.6).
public enum EventMessage: Hashable, Sendable {
    /// A node joined, left or moved.
    public enum TopologyChange: String, Hashable, Sendable {
        case newNode = "NEW_NODE"
        case removedNode = "REMOVED_NODE"
        case movedNode = "MOVED_NODE"
    }

    /// A node went up or down.
    public enum StatusChange: String, Hashable, Sendable {
        case up = "UP"
        case down = "DOWN"
    }

    case topologyChange(TopologyChange, Inet)
    case statusChange(StatusChange, Inet)
    case schemaChange(SchemaChange)

    /// The event type, as REGISTER names it.
    public var type: EventType {
        switch self {
        case .topologyChange: .topologyChange
        case .statusChange: .statusChange
        case .schemaChange: .schemaChange
        }
    }

    /// Writes the event type and its body.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeCQLString(type.rawValue)
        switch self {
        case .topologyChange(let change, let node):
            buffer.writeCQLString(change.rawValue)
            buffer.writeCQLInet(node)
        case .statusChange(let change, let node):
            buffer.writeCQLString(change.rawValue)
            buffer.writeCQLInet(node)
        case .schemaChange(let change): change.write(to: &buffer)
        }
    }

    /// Reads an EVENT body.
    public static func read(from buffer: inout ByteBuffer) throws -> EventMessage {
        let typeName = try buffer.readCQLString("event type")
        switch EventType(rawValue: typeName) {
        case .topologyChange:
            let name = try buffer.readCQLString("change")
            guard let change = TopologyChange(rawValue: name) else { throw CQLWireError("change", "unknown topology change \(name)") }
            return .topologyChange(change, try buffer.readCQLInet("node"))
        case .statusChange:
            let name = try buffer.readCQLString("change")
            guard let change = StatusChange(rawValue: name) else { throw CQLWireError("change", "unknown status change \(name)") }
            return .statusChange(change, try buffer.readCQLInet("node"))
        case .schemaChange: return .schemaChange(try SchemaChange.read(from: &buffer))
        case nil: throw CQLWireError("event type", "unknown \(typeName)")
        }
    }
}
