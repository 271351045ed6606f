import CQL
import NIOCore

/// One column of a result, or one bind marker of a prepared statement
/// (`<col_spec_i>`, spec §4.2.5.2): where it comes from, its name and type.
public struct ColumnSpec: Hashable, Sendable {
    public var keyspace: String
    public var table: String
    /// The column name, alias or bind-marker name.
    public var name: String
    /// Never `frozen` after decoding: the protocol does not carry it.
    public var type: CQLType

    /// A column of `keyspace.table`.
    public init(keyspace: String, table: String, name: String, type: CQLType) {
        self.keyspace = keyspace
        self.table = table
        self.name = name
        self.type = type
    }
}

/// The metadata flag bits of Rows and Prepared results (an [int]).
struct MetadataFlags: OptionSet {
    let rawValue: Int32
    static let globalTablesSpec = MetadataFlags(rawValue: 0x0001)
    static let hasMorePages = MetadataFlags(rawValue: 0x0002)
    static let noMetadata = MetadataFlags(rawValue: 0x0004)
}

extension [ColumnSpec] {
    /// The one keyspace and table all columns come from, if there are
    /// columns and they share one: then the specs are written with
    /// Global_tables_spec.
    var sharedTable: (keyspace: String, table: String)? {
        guard let first else { return nil }
        return allSatisfy { $0.keyspace == first.keyspace && $0.table == first.table } ? (first.keyspace, first.table) : nil
    }
}

extension ByteBuffer {
    /// Writes `[<global_table_spec>]<col_spec_1>...<col_spec_n>`: the shared
    /// keyspace and table once when `global`, else before each column.
    mutating func writeColumnSpecs(_ columns: [ColumnSpec], global: Bool) {
        if global, let first = columns.first {
            writeCQLString(first.keyspace)
            writeCQLString(first.table)
        }
        for column in columns {
            if !global {
                writeCQLString(column.keyspace)
                writeCQLString(column.table)
            }
            writeCQLString(column.name)
            writeCQLOption(column.type)
        }
    }

    /// Reads `count` column specs, after a global table spec when `global`.
    mutating func readColumnSpecs(count: Int, global: Bool) throws -> [ColumnSpec] {
        guard count <= readableBytes / 4 else {
            throw CQLWireError("columns", "count \(count) does not fit the \(readableBytes) bytes left")
        }
        var table: (keyspace: String, table: String)?
        if global, count > 0 { table = (try readCQLString("global keyspace"), try readCQLString("global table")) }
        return try (0..<count).map { index in
            let field = "columns[\(index)]"
            let keyspace = try table?.keyspace ?? readCQLString("\(field) keyspace")
            let tableName = try table?.table ?? readCQLString("\(field) table")
            let name = try readCQLString("\(field) name")
            return ColumnSpec(keyspace: keyspace, table: tableName, name: name, type: try readCQLOption("\(field) type"))
        }
    }
}
