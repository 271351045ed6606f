import Foundation

/// One value in a SQL row: what a JSON field, a CSV cell or an expression holds.
public enum SQLValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([SQLValue])

    /// A CSV cell: an integer, a decimal number or text.
    init(cell: Substring) {
        if let int = Int64(cell) { self = .int(int) }
        else if let double = Double(cell), cell.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { self = .double(double) }
        else { self = .string(String(cell)) }
    }

    /// The name of its type, for error messages.
    var typeName: String {
        switch self {
        case .null: "NULL"
        case .bool: "BOOLEAN"
        case .int: "BIGINT"
        case .double: "DOUBLE"
        case .string: "STRING"
        case .array: "ARRAY"
        }
    }

    var isNull: Bool { if case .null = self { true } else { false } }

    /// As a number, if it is one.
    var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// As a truth value: NULL and anything not a boolean count as false (SQL's WHERE keeps only TRUE).
    var isTrue: Bool { if case .bool(true) = self { true } else { false } }

    /// How it is written in a TSV cell.
    public var text: String {
        switch self {
        case .null: "NULL"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
        case .string(let s): s
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        }
    }

    /// SQL's three-valued comparison: nil when either side is NULL or the types do not compare.
    static func compare(_ a: SQLValue, _ b: SQLValue) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.string(let x), .string(let y)):
            // Byte order, as ORDER BY in Kafka streams and Spark (not locale order).
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x == y ? 0 : 1)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        default:
            guard let x = a.number, let y = b.number else { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        }
    }

    /// A total order for ORDER BY: NULLs first, then by type, then by value.
    static func sortOrder(_ a: SQLValue, _ b: SQLValue) -> Int {
        if let c = compare(a, b) { return c }
        return a.rank < b.rank ? -1 : (a.rank == b.rank ? 0 : 1)
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .int, .double: 2
        case .string: 3
        case .array: 4
        }
    }
}

/// A row: column name → value. Names are lower case (SQL names are case-insensitive unless quoted).
public typealias SQLRow = [String: SQLValue]

