import NIOCore

/// What a schema-altering statement changed (spec §4.2.6): the body of a
/// Schema_change result and of a SCHEMA_CHANGE event.
public struct SchemaChange: Hashable, Sendable {
    /// How the object changed.
    public enum Change: String, Hashable, Sendable {
        case created = "CREATED"
        case updated = "UPDATED"
        case dropped = "DROPPED"
    }

    /// What kind of object changed.
    public enum Target: String, Hashable, Sendable {
        case keyspace = "KEYSPACE"
        case table = "TABLE"
        case type = "TYPE"
        case function = "FUNCTION"
        case aggregate = "AGGREGATE"
    }

    public var change: Change
    public var target: Target
    public var keyspace: String
    /// The table, type, function or aggregate name; nil for a keyspace.
    public var name: String?
    /// A function's or aggregate's argument types, as CQL types.
    public var argumentTypes: [String]

    /// A change of `target` in `keyspace`; `name` unless the target is a keyspace.
    public init(_ change: Change, _ target: Target, keyspace: String, name: String? = nil, argumentTypes: [String] = []) {
        self.change = change
        self.target = target
        self.keyspace = keyspace
        self.name = name
        self.argumentTypes = argumentTypes
    }

    /// Writes `<change_type><target><options>`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeCQLString(change.rawValue)
        buffer.writeCQLString(target.rawValue)
        buffer.writeCQLString(keyspace)
        guard target != .keyspace else { return }
        buffer.writeCQLString(name ?? "")
        if target == .function || target == .aggregate { buffer.writeCQLStringList(argumentTypes) }
    }

    /// Reads `<change_type><target><options>`.
    public static func read(from buffer: inout ByteBuffer) throws -> SchemaChange {
        let changeName = try buffer.readCQLString("change type")
        guard let change = Change(rawValue: changeName) else { throw CQLWireError("change type", "unknown \(changeName)") }
        let targetName = try buffer.readCQLString("target")
        guard let target = Target(rawValue: targetName) else { throw CQLWireError("target", "unknown \(targetName)") }
        var schemaChange = SchemaChange(change, target, keyspace: try buffer.readCQLString("keyspace"))
        guard target != .keyspace else { return schemaChange }
        schemaChange.name = try buffer.readCQLString("name")
        if target == .function || target == .aggregate {
            schemaChange.argumentTypes = try buffer.readCQLStringList("argument types")
        }
        return schemaChange
    }
}
