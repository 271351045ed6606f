/// An expression in a SELECT list, WHERE, GROUP BY, HAVING or ORDER BY.
indirect enum SQLExpression: Hashable, Sendable {
    /// A column of the source (or an alias), by its lower-case name.
    case column(String)
    case literal(SQLValue)
    /// NOT x, -x
    case unary(String, SQLExpression)
    /// AND OR = != < <= > >= + - * / % LIKE
    case binary(String, SQLExpression, SQLExpression)
    /// x IS [NOT] NULL
    case isNull(SQLExpression, negated: Bool)
    /// x [NOT] IN (a, b, …)
    case inList(SQLExpression, [SQLExpression], negated: Bool)
    /// A function: COUNT(*) has `star`; COUNT(DISTINCT x) has `distinct`.
    case call(String, [SQLExpression], star: Bool, distinct: Bool)
    /// After planning: the value of the plan's aggregate number n.
    case aggregate(Int)
    /// After planning: the window's start or end (WINDOWSTART, WINDOWEND).
    case windowBound(end: Bool)
}

/// One entry of the SELECT list.
struct SQLSelectItem: Hashable, Sendable {
    var expression: SQLExpression
    var alias: String?
    /// Where it starts in the statement.
    var position: Int
}

/// WINDOW TUMBLING (SIZE …) or WINDOW HOPPING (SIZE …, ADVANCE BY …), with an optional GRACE PERIOD.
struct SQLWindow: Hashable, Sendable {
    var sizeMs: Int64
    var advanceMs: Int64?
    var graceMs: Int64?
}

/// One ORDER BY key.
struct SQLOrder: Hashable, Sendable {
    var expression: SQLExpression
    var descending: Bool
}

/// How a query delivers its results.
enum SQLEmit: Hashable, Sendable {
    /// A bounded query: read the source to its end, then answer once.
    case none
    /// A push query: every change to a result row, as it happens.
    case changes
    /// A push query over windows: each window's rows once, when the watermark closes it.
    case final
}

/// A parsed SELECT statement.
struct SQLSelect: Hashable, Sendable {
    /// nil for SELECT *.
    var items: [SQLSelectItem]?
    var source: String
    var window: SQLWindow?
    var whereClause: SQLExpression?
    var groupBy: [SQLExpression]
    var having: SQLExpression?
    var orderBy: [SQLOrder]
    var limit: Int?
    var emit: SQLEmit
}
