/// `CREATE TABLE [IF NOT EXISTS] [ks.]t (col type [STATIC] [PRIMARY KEY], ...,
/// PRIMARY KEY ((a, b), c, d)) [WITH CLUSTERING ORDER BY (c DESC, d ASC) [AND option = value ...]]`.
public struct CreateTableStatement: Hashable, Sendable {
    /// One column as declared.
    public struct Column: Hashable, Sendable {
        public var name: String
        public var type: CQLType
        public var isStatic: Bool

        public init(name: String, type: CQLType, isStatic: Bool = false) {
            self.name = name
            self.type = type
            self.isStatic = isStatic
        }
    }

    public var table: TableName
    public var ifNotExists: Bool
    /// Every column, in declaration order.
    public var columns: [Column]
    /// The partition key columns, in key order.
    public var partitionKey: [String]
    /// The clustering columns, in key order.
    public var clusteringColumns: [String]
    /// `WITH CLUSTERING ORDER BY`, as written (columns not named are ASC).
    public var clusteringOrder: [Ordering]
    /// Other `WITH` options (`comment`, `compaction`, `default_time_to_live`...), names lower-cased.
    public var options: [String: Term]

    public init(table: TableName, ifNotExists: Bool = false, columns: [Column], partitionKey: [String],
                clusteringColumns: [String] = [], clusteringOrder: [Ordering] = [], options: [String: Term] = [:]) {
        self.table = table
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.partitionKey = partitionKey
        self.clusteringColumns = clusteringColumns
        self.clusteringOrder = clusteringOrder
        self.options = options
    }

    /// The order of a clustering column: as `WITH CLUSTERING ORDER BY` says, else ASC.
    public func order(of column: String) -> ClusteringOrder {
        clusteringOrder.first { $0.column == column }?.order ?? .ascending
    }

    /// The declared type of a column.
    public func type(of column: String) -> CQLType? {
        columns.first { $0.name == column }?.type
    }
}

/// A column and a direction: one item of `CLUSTERING ORDER BY` or `ORDER BY`.
public struct Ordering: Hashable, Sendable {
    public var column: String
    public var order: ClusteringOrder

    public init(_ column: String, _ order: ClusteringOrder = .ascending) {
        self.column = column
        self.order = order
    }
}

/// `DROP TABLE [IF EXISTS] [ks.]t`.
public struct DropTableStatement: Hashable, Sendable {
    public var table: TableName
    public var ifExists: Bool

    public init(table: TableName, ifExists: Bool = false) {
        self.table = table
        self.ifExists = ifExists
    }
}

/// `TRUNCATE [TABLE] [ks.]t`.
public struct TruncateStatement: Hashable, Sendable {
    public var table: TableName

    public init(table: TableName) { self.table = table }
}
