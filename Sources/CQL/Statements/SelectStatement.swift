/// `SELECT [DISTINCT] (* | selectors) FROM t [WHERE relations] [ORDER BY c [ASC|DESC], ...]
/// [PER PARTITION LIMIT n] [LIMIT n] [ALLOW FILTERING]`.
public struct SelectStatement: Hashable, Sendable {
    public var table: TableName
    public var distinct: Bool
    /// Empty for `*`.
    public var selectors: [Selector]
    public var whereClause: [Relation]
    public var orderBy: [Ordering]
    /// A literal or a marker.
    public var perPartitionLimit: Term?
    /// A literal or a marker.
    public var limit: Term?
    public var allowFiltering: Bool
    /// `SELECT JSON`.
    public var json: Bool

    public init(table: TableName, distinct: Bool = false, selectors: [Selector] = [], whereClause: [Relation] = [],
                orderBy: [Ordering] = [], perPartitionLimit: Term? = nil, limit: Term? = nil,
                allowFiltering: Bool = false, json: Bool = false) {
        self.table = table
        self.distinct = distinct
        self.selectors = selectors
        self.whereClause = whereClause
        self.orderBy = orderBy
        self.perPartitionLimit = perPartitionLimit
        self.limit = limit
        self.allowFiltering = allowFiltering
        self.json = json
    }

    /// Whether it is `SELECT *`.
    public var selectsAll: Bool { selectors.isEmpty }
}

/// One item of a SELECT list, with its optional `AS alias`.
public struct Selector: Hashable, Sendable {
    public var selection: Selection
    public var alias: String?

    public init(_ selection: Selection, alias: String? = nil) {
        self.selection = selection
        self.alias = alias
    }

    /// The result column's name: the alias, or what Cassandra calls it
    /// (`count`, `writetime(c)`, `system.token(k)`...).
    public var columnName: String { alias ?? selection.defaultName }
}

/// What a selector computes.
public indirect enum Selection: Hashable, Sendable {
    case column(String)
    /// `COUNT(*)` or `COUNT(1)`.
    case countAll
    /// `WRITETIME(c)`: the cell's write time in µs.
    case writetime(String)
    /// `TTL(c)`: seconds left.
    case ttl(String)
    /// `TOKEN(a, b)`.
    case token([String])
    /// Any other function, such as `count(c)`, `max(c)`, `toJson(c)`, `now()`; the name lower-cased.
    case function(name: String, arguments: [Selection])
    /// A literal term as a selector.
    case term(Term)

    /// Cassandra's name for the result column.
    public var defaultName: String {
        switch self {
        case .column(let c): c
        case .countAll: "count"
        case .writetime(let c): "writetime(\(c))"
        case .ttl(let c): "ttl(\(c))"
        case .token(let columns): "system.token(\(columns.joined(separator: ", ")))"
        case .function(let name, let arguments): "system.\(name)(\(arguments.map(\.defaultName).joined(separator: ", ")))"
        case .term(let term): "\(term)"
        }
    }
}
