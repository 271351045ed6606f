/// One restriction of a WHERE clause (or an IF condition): `c = 1`,
/// `c IN (1, 2)`, `c IN ?`, `token(k) > ?`, `(c1, c2) > (1, 2)`.
public struct Relation: Hashable, Sendable {
    /// What the relation restricts.
    public enum Subject: Hashable, Sendable {
        case column(String)
        /// `(c1, c2)`: several clustering columns at once.
        case columns([String])
        /// `token(a, b)`: the partition key's token.
        case token([String])
        /// `m['key']` in an IF condition.
        case element(column: String, key: Term)
    }

    /// The comparison.
    public enum Operator: String, Hashable, Sendable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case `in` = "IN"
        case contains = "CONTAINS"
        case containsKey = "CONTAINS KEY"
    }

    public var subject: Subject
    public var op: Operator
    /// The right-hand side. For `IN (a, b)` a `.list` of the terms; for `IN ?`
    /// the marker (bound to a list); for a tuple subject a `.tuple` or a marker.
    public var value: Term

    public init(_ subject: Subject, _ op: Operator, _ value: Term) {
        self.subject = subject
        self.op = op
        self.value = value
    }
}
