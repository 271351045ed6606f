import NIOCore

/// A BATCH request (spec §4.1.7): statements (text or prepared) with their
/// values, applied together.
public struct BatchMessage: Hashable, Sendable {
    /// How the batch is applied: logged (atomic), unlogged, or counter updates.
    public enum Kind: UInt8, Hashable, Sendable {
        case logged = 0
        case unlogged = 1
        case counter = 2
    }

    /// One statement of a batch: a query string or a prepared id, and its values.
    public struct Statement: Hashable, Sendable {
        /// A statement's text or the id PREPARE returned for it.
        public enum Query: Hashable, Sendable {
            case text(String)
            case prepared(id: [UInt8])
        }

        public var query: Query
        public var values: [BoundValue]

        /// A statement with its bound values.
        public init(_ query: Query, values: [BoundValue] = []) {
            self.query = query
            self.values = values
        }
    }

    public var kind: Kind
    public var statements: [Statement]
    public var consistency: Consistency
    public var serialConsistency: Consistency?
    /// The write timestamp in microseconds, when the client chooses it.
    public var defaultTimestamp: Int64?

    /// A batch of `statements`.
    public init(kind: Kind = .logged, statements: [Statement], consistency: Consistency = .one,
                serialConsistency: Consistency? = nil, defaultTimestamp: Int64? = nil) {
        self.kind = kind
        self.statements = statements
        self.consistency = consistency
        self.serialConsistency = serialConsistency
        self.defaultTimestamp = defaultTimestamp
    }

    /// Writes `<type><n><query_1>...<query_n><consistency><flags>[<serial_consistency>][<timestamp>]`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(UInt16(statements.count))
        for statement in statements {
            switch statement.query {
            case .text(let cql):
                buffer.writeInteger(UInt8(0))
                buffer.writeCQLLongString(cql)
            case .prepared(let id):
                buffer.writeInteger(UInt8(1))
                buffer.writeCQLShortBytes(id)
            }
            buffer.writeInteger(UInt16(statement.values.count))
            for value in statement.values { buffer.writeCQLValue(value) }
        }
        buffer.writeCQLConsistency(consistency)
        var flags: QueryParameters.Flags = []
        if serialConsistency != nil { flags.insert(.withSerialConsistency) }
        if defaultTimestamp != nil { flags.insert(.withDefaultTimestamp) }
        buffer.writeInteger(flags.rawValue)
        if let serialConsistency { buffer.writeCQLConsistency(serialConsistency) }
        if let defaultTimestamp { buffer.writeInteger(defaultTimestamp) }
    }

    /// Reads a BATCH body. Named values (flag 0x40) are refused: the spec
    /// itself says they cannot work (CASSANDRA-10246).
    public static func read(from buffer: inout ByteBuffer) throws -> BatchMessage {
        let kindByte: UInt8 = try buffer.readCQLInteger("type")
        guard let kind = Kind(rawValue: kindByte) else { throw CQLWireError("type", "unknown batch type \(kindByte)") }
        let count = try buffer.readCQLCount("statements", minimumSize: 7)
        var statements: [Statement] = []
        for index in 0..<count {
            let field = "statements[\(index)]"
            let queryKind: UInt8 = try buffer.readCQLInteger("\(field) kind")
            let query: Statement.Query
            switch queryKind {
            case 0: query = .text(try buffer.readCQLLongString("\(field) query"))
            case 1: query = .prepared(id: try buffer.readCQLShortBytes("\(field) id"))
            default: throw CQLWireError("\(field) kind", "\(queryKind) (0 for a query string, 1 for a prepared id)")
            }
            let valueCount = try buffer.readCQLCount("\(field) values", minimumSize: 4)
            let values = try (0..<valueCount).map { try buffer.readCQLValue("\(field) values[\($0)]") }
            statements.append(Statement(query, values: values))
        }
        var batch = BatchMessage(kind: kind, statements: statements, consistency: try buffer.readCQLConsistency("consistency"))
        let flags = QueryParameters.Flags(rawValue: try buffer.readCQLInteger("flags"))
        if flags.contains(.withNamesForValues) {
            throw CQLWireError("flags", "named values in a BATCH (0x40) are not supported (see CASSANDRA-10246)")
        }
        if flags.contains(.withSerialConsistency) { batch.serialConsistency = try buffer.readCQLConsistency("serial consistency") }
        if flags.contains(.withDefaultTimestamp) { batch.defaultTimestamp = try buffer.readCQLInteger("default timestamp") }
        return batch
    }
}
