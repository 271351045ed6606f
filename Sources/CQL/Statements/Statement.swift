/// One parsed CQL statement (`CQLParser.parse(_:)`): the subset of CQL the
/// store serves, and what the DataStax drivers and cqlsh send at connect.
public enum Statement: Hashable, Sendable {
    case createKeyspace(CreateKeyspaceStatement)
    case dropKeyspace(DropKeyspaceStatement)
    case createTable(CreateTableStatement)
    case dropTable(DropTableStatement)
    case truncate(TruncateStatement)
    case use(UseStatement)
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    case select(SelectStatement)
    case batch(BatchStatement)
    case describe(DescribeStatement)
}

/// A table's name, with its keyspace when written (`ks.t`). Unquoted names
/// are lower-cased; quoted ones are kept as written.
public struct TableName: Hashable, Sendable, CustomStringConvertible {
    public var keyspace: String?
    public var name: String

    public init(keyspace: String? = nil, _ name: String) {
        self.keyspace = keyspace
        self.name = name
    }

    /// `ks.t` or `t`, quoting names that need it.
    public var description: String {
        (keyspace.map { CQLIdentifier.quotedIfNeeded($0) + "." } ?? "") + CQLIdentifier.quotedIfNeeded(name)
    }
}

/// `USE k`.
public struct UseStatement: Hashable, Sendable {
    public var keyspace: String

    public init(keyspace: String) { self.keyspace = keyspace }
}

/// `DESCRIBE ...` (`DESC`), which cqlsh sends to the server since Cassandra 4.0.
public struct DescribeStatement: Hashable, Sendable {
    /// What to describe.
    public enum Target: Hashable, Sendable {
        case cluster
        case keyspaces
        /// `DESCRIBE KEYSPACE [k]`: nil for the current keyspace.
        case keyspace(String?)
        case tables
        case table(TableName)
        /// `DESCRIBE [FULL] SCHEMA`.
        case schema
        case types, functions, aggregates
        /// `DESCRIBE name`: a keyspace or a table, whichever exists.
        case object(TableName)
    }

    public var target: Target
    /// `DESCRIBE FULL ...`: include system keyspaces.
    public var full: Bool

    public init(target: Target, full: Bool = false) {
        self.target = target
        self.full = full
    }
}

/// CQL identifiers: when they need quotes.
public enum CQLIdentifier {
    /// `name` as is when it is a lower-case unquoted identifier and not a
    /// reserved keyword, else double-quoted with `"` doubled.
    public static func quotedIfNeeded(_ name: String) -> String {
        let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(name.unicodeScalars.first!) && !CQLKeywords.reserved.contains(name.uppercased())
        return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
