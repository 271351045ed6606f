import Foundation

/// Evaluates planned expressions. SQL's rules: anything with NULL in it is
/// NULL (but for IS NULL, AND/OR short cuts and COALESCE); a type that does
/// not fit (text in a sum, a number against text) gives NULL, never a crash.
struct SQLEvaluator {
    /// The row: a source row, or for a group the group's first row (its keys are the same in every row).
    var row: SQLRow
    /// For a group: its aggregates' values.
    var aggregates: [SQLValue] = []
    /// For a windowed group: the window's [start, end).
    var window: (start: Int64, end: Int64)?

    func evaluate(_ e: SQLExpression) -> SQLValue {
        switch e {
        case .column(let name): return row[name] ?? .null
        case .literal(let v): return v
        case .aggregate(let i): return aggregates[i]
        case .windowBound(let end): return window.map { .int(end ? $0.end : $0.start) } ?? .null
        case .unary("NOT", let x):
            let v = evaluate(x)
            if case .bool(let b) = v { return .bool(!b) }
            return .null
        case .unary(_, let x):
            switch evaluate(x) {
            case .int(let i): return .int(-i)
            case .double(let d): return .double(-d)
            default: return .null
            }
        case .binary("AND", let a, let b):
            let x = evaluate(a)
            if case .bool(false) = x { return .bool(false) }
            let y = evaluate(b)
            if case .bool(false) = y { return .bool(false) }
            if case .bool(true) = x, case .bool(true) = y { return .bool(true) }
            return .null
        case .binary("OR", let a, let b):
            let x = evaluate(a)
            if case .bool(true) = x { return .bool(true) }
            let y = evaluate(b)
            if case .bool(true) = y { return .bool(true) }
            if case .bool(false) = x, case .bool(false) = y { return .bool(false) }
            return .null
        case .binary("LIKE", let a, let b):
            guard case .string(let text) = evaluate(a), case .string(let pattern) = evaluate(b) else { return .null }
            return .bool(Self.like(Array(text.unicodeScalars)[...], Array(pattern.unicodeScalars)[...]))
        case .binary(let op, let a, let b):
            return Self.binary(op, evaluate(a), evaluate(b))
        case .isNull(let x, let negated):
            return .bool(evaluate(x).isNull != negated)
        case .inList(let x, let list, let negated):
            let v = evaluate(x)
            if v.isNull { return .null }
            var sawNull = false
            for item in list {
                let w = evaluate(item)
                if SQLValue.compare(v, w) == 0 { return .bool(!negated) }
                if w.isNull { sawNull = true }
            }
            return sawNull ? .null : .bool(negated)
        case .call(let name, let arguments, _, _):
            let values = arguments.map(evaluate)
            switch name {
            case "LOWER": if case .string(let s) = values[0] { return .string(s.lowercased()) }
            case "UPPER": if case .string(let s) = values[0] { return .string(s.uppercased()) }
            case "LENGTH":
                if case .string(let s) = values[0] { return .int(Int64(s.count)) }
                if case .array(let a) = values[0] { return .int(Int64(a.count)) }
            case "ABS":
                if case .int(let i) = values[0] { return .int(i.magnitude > UInt64(Int64.max) ? i : abs(i)) }
                if case .double(let d) = values[0] { return .double(abs(d)) }
            case "COALESCE": return values.first { !$0.isNull } ?? .null
            default: break
            }
            return .null
        }
    }

    /// Comparisons and arithmetic.
    static func binary(_ op: String, _ x: SQLValue, _ y: SQLValue) -> SQLValue {
        switch op {
        case "=", "!=", "<", "<=", ">", ">=":
            guard let c = SQLValue.compare(x, y) else { return .null }
            switch op {
            case "=": return .bool(c == 0)
            case "!=": return .bool(c != 0)
            case "<": return .bool(c < 0)
            case "<=": return .bool(c <= 0)
            case ">": return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        default:
            if case .int(let a) = x, case .int(let b) = y {
                switch op {
                case "+": let (r, o) = a.addingReportingOverflow(b); return o ? .double(Double(a) + Double(b)) : .int(r)
                case "-": let (r, o) = a.subtractingReportingOverflow(b); return o ? .double(Double(a) - Double(b)) : .int(r)
                case "*": let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .double(Double(a) * Double(b)) : .int(r)
                case "/": return b == 0 || (a == .min && b == -1) ? .null : .int(a / b)
                default: return b == 0 || (a == .min && b == -1) ? .null : .int(a % b)
                }
            }
            guard let a = x.number, let b = y.number else { return .null }
            switch op {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": return b == 0 ? .null : .double(a / b)
            default: return b == 0 ? .null : .double(a.truncatingRemainder(dividingBy: b))
            }
        }
    }

    /// SQL LIKE: `%` any run of characters, `_` any one character.
    static func like(_ text: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        var t = text.startIndex, p = pattern.startIndex
        var star: Int?, mark = 0
        while t < text.endIndex {
            if p < pattern.endIndex && (pattern[p] == "_" || pattern[p] == text[t]) && pattern[p] != "%" {
                t += 1; p += 1
            } else if p < pattern.endIndex && pattern[p] == "%" {
                star = p; mark = t; p += 1
            } else if let s = star {
                p = s + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.endIndex && pattern[p] == "%" { p += 1 }
        return p == pattern.endIndex
    }
}

/// The running value of one aggregate in one group.
enum SQLAccumulator {
    case count(Int64)
    case sum(SQLValue)
    case minimum(SQLValue)
    case maximum(SQLValue)
    case average(sum: Double, count: Int64)
    case distinct(Set<SQLValue>, function: String)

    init(_ aggregate: SQLPlan.Aggregate) {
        if aggregate.distinct { self = .distinct([], function: aggregate.function); return }
        switch aggregate.function {
        case "COUNT": self = .count(0)
        case "SUM": self = .sum(.null)
        case "MIN": self = .minimum(.null)
        case "MAX": self = .maximum(.null)
        default: self = .average(sum: 0, count: 0)
        }
    }

    /// Adds one row's argument (COUNT(*) passes a non-NULL placeholder). NULLs are skipped, as in SQL.
    mutating func add(_ v: SQLValue) {
        if v.isNull { return }
        switch self {
        case .count(let n): self = .count(n + 1)
        case .sum(let s):
            guard v.number != nil else { return }
            self = .sum(s.isNull ? v : SQLEvaluator.binary("+", s, v))
        case .minimum(let m): if m.isNull || SQLValue.compare(v, m) ?? 0 < 0 { self = .minimum(v) }
        case .maximum(let m): if m.isNull || SQLValue.compare(v, m) ?? 0 > 0 { self = .maximum(v) }
        case .average(let s, let n): if let x = v.number { self = .average(sum: s + x, count: n + 1) }
        case .distinct(var set, let function):
            set.insert(v)
            self = .distinct(set, function: function)
        }
    }

    var value: SQLValue {
        switch self {
        case .count(let n): return .int(n)
        case .sum(let s), .minimum(let s), .maximum(let s): return s
        case .average(let s, let n): return n == 0 ? .null : .double(s / Double(n))
        case .distinct(let set, let function):
            var accumulator = SQLAccumulator(SQLPlan.Aggregate(function: function, argument: nil, distinct: false))
            for v in set { accumulator.add(v) }
            return accumulator.value
        }
    }
}
