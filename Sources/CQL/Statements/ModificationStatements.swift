/// `USING TTL n [AND TIMESTAMP n]` (either, in either order).
public struct UsingClause: Hashable, Sendable {
    /// Seconds; a literal or a marker.
    public var ttl: Term?
    /// Microseconds since the epoch; a literal or a marker.
    public var timestamp: Term?

    public init(ttl: Term? = nil, timestamp: Term? = nil) {
        self.ttl = ttl
        self.timestamp = timestamp
    }

    public var isEmpty: Bool { ttl == nil && timestamp == nil }
}

/// `INSERT INTO t (cols) VALUES (terms) [IF NOT EXISTS] [USING TTL n [AND TIMESTAMP n]]`.
public struct InsertStatement: Hashable, Sendable {
    public var table: TableName
    public var columns: [String]
    /// One per column.
    public var values: [Term]
    public var ifNotExists: Bool
    public var using: UsingClause

    public init(table: TableName, columns: [String], values: [Term], ifNotExists: Bool = false, using: UsingClause = .init()) {
        self.table = table
        self.columns = columns
        self.values = values
        self.ifNotExists = ifNotExists
        self.using = using
    }
}

/// One `SET` item of an UPDATE.
public enum Assignment: Hashable, Sendable {
    /// `c = term`.
    case set(column: String, value: Term)
    /// `m[key] = term` (a map entry) or `l[index] = term` (a list element).
    case setElement(column: String, key: Term, value: Term)
    /// `c = c + term` or `c += term`: add to a set, map or counter, append to a list.
    case add(column: String, value: Term)
    /// `l = term + l`: prepend to a list.
    case prepend(column: String, value: Term)
    /// `c = c - term` or `c -= term`: remove from a set, map or list, subtract from a counter.
    case remove(column: String, value: Term)

    /// The column the assignment writes.
    public var column: String {
        switch self {
        case .set(let c, _), .setElement(let c, _, _), .add(let c, _), .prepend(let c, _), .remove(let c, _): c
        }
    }
}

/// `UPDATE t [USING TTL n [AND TIMESTAMP n]] SET assignments WHERE relations [IF EXISTS | IF conditions]`.
public struct UpdateStatement: Hashable, Sendable {
    public var table: TableName
    public var using: UsingClause
    public var assignments: [Assignment]
    public var whereClause: [Relation]
    public var ifExists: Bool
    /// `IF c = v AND ...`.
    public var conditions: [Relation]

    public init(table: TableName, using: UsingClause = .init(), assignments: [Assignment], whereClause: [Relation],
                ifExists: Bool = false, conditions: [Relation] = []) {
        self.table = table
        self.using = using
        self.assignments = assignments
        self.whereClause = whereClause
        self.ifExists = ifExists
        self.conditions = conditions
    }
}

/// `DELETE [targets] FROM t [USING TIMESTAMP n] WHERE relations [IF EXISTS | IF conditions]`.
public struct DeleteStatement: Hashable, Sendable {
    /// What a DELETE removes when it names columns.
    public enum Target: Hashable, Sendable {
        /// A whole column.
        case column(String)
        /// `m[key]` or `l[index]`: one element of a collection.
        case element(column: String, key: Term)

        public var column: String {
            switch self {
            case .column(let c), .element(let c, _): c
            }
        }
    }

    /// Empty to delete whole rows (or partitions).
    public var targets: [Target]
    public var table: TableName
    public var using: UsingClause
    public var whereClause: [Relation]
    public var ifExists: Bool
    public var conditions: [Relation]

    public init(targets: [Target] = [], table: TableName, using: UsingClause = .init(), whereClause: [Relation],
                ifExists: Bool = false, conditions: [Relation] = []) {
        self.targets = targets
        self.table = table
        self.using = using
        self.whereClause = whereClause
        self.ifExists = ifExists
        self.conditions = conditions
    }
}

/// `BEGIN [UNLOGGED | LOGGED | COUNTER] BATCH [USING TIMESTAMP n] statement; ... APPLY BATCH`.
public struct BatchStatement: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case logged = "LOGGED"
        case unlogged = "UNLOGGED"
        case counter = "COUNTER"
    }

    public var kind: Kind
    public var using: UsingClause
    /// INSERT, UPDATE and DELETE statements only.
    public var statements: [Statement]

    public init(kind: Kind = .logged, using: UsingClause = .init(), statements: [Statement]) {
        self.kind = kind
        self.using = using
        self.statements = statements
    }
}
