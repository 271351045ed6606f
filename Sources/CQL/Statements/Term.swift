import Foundation

/// A value as a statement writes it, before its type is known: a literal, a
/// collection or tuple literal, a function call, or a bind marker. The query
/// layer turns it into a `CQLValue` of the receiving column's type with
/// `TermConverter`.
public indirect enum Term: Hashable, Sendable {
    /// `'it''s'` (and `$$...$$`), unescaped.
    case string(String)
    /// An integer literal's digits, with a leading `-` when negative (kept
    /// as text so a varint of any size fits).
    case integer(String)
    /// A floating point literal as written: `1.5`, `-2e10`, `NaN`, `Infinity`, `-Infinity`.
    case float(String)
    case boolean(Bool)
    case null
    case uuid(UUID)
    /// `0xcafe`.
    case blob([UInt8])
    /// `[a, b]`.
    case list([Term])
    /// `{a, b}`.
    case set([Term])
    /// `{k: v, ...}`; `{}` parses as an empty map, which a set column also accepts.
    case map([MapEntry])
    /// `(a, b)`.
    case tuple([Term])
    /// `now()`, `uuid()`, `toTimestamp(now())`, `currentTimestamp()`...; the name lower-cased.
    case function(name: String, arguments: [Term])
    /// `?` or `:name`.
    case bindMarker(BindMarker)

    /// One `key: value` of a map literal.
    public struct MapEntry: Hashable, Sendable {
        public var key: Term
        public var value: Term

        public init(_ key: Term, _ value: Term) {
            self.key = key
            self.value = value
        }
    }

    /// Whether this is the `null` literal.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// A bind marker: `?` or `:name`. Markers are numbered from 0 in the order
/// they appear in the statement text, named or not; EXECUTE binds values in
/// that order.
public struct BindMarker: Hashable, Sendable {
    public var index: Int
    /// The name of a `:name` marker (lower-cased unless quoted); nil for `?`.
    public var name: String?

    public init(index: Int, name: String? = nil) {
        self.index = index
        self.name = name
    }
}
