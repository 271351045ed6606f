/// A SELECT statement checked and compiled: aggregates numbered, aliases
/// resolved, EXPLODE turned into a flatMap, and every rule that can be
/// checked before reading a row checked (with the place in the statement).
public struct SQLPlan: Sendable {
    /// One aggregate the query computes per group.
    struct Aggregate: Hashable, Sendable {
        /// COUNT, SUM, MIN, MAX or AVG.
        var function: String
        /// nil for COUNT(*).
        var argument: SQLExpression?
        var distinct: Bool
    }

    /// One output column.
    struct Output: Hashable, Sendable {
        var name: String
        var expression: SQLExpression
    }

    /// The statement, as written.
    public let statement: String
    /// The table or topic it reads.
    public let source: String
    /// The output columns' names, in order.
    public var columns: [String] { outputs?.map(\.name) ?? [] }
    /// nil for SELECT * (the columns are the source's).
    let outputs: [Output]?
    /// `EXPLODE(column) AS alias`: each row becomes one row per element of the array column.
    let explode: (column: String, alias: String)?
    let filter: SQLExpression?
    let groupBy: [SQLExpression]
    let aggregates: [Aggregate]
    let having: SQLExpression?
    let orderBy: [SQLOrder]
    public let limit: Int?
    let window: SQLWindow?
    let emit: SQLEmit
    /// The source columns the query reads (checked against the first row).
    let sourceColumns: Set<String>

    /// Whether rows are grouped (GROUP BY, or an aggregate over the whole input).
    var isGrouped: Bool { !groupBy.isEmpty || !aggregates.isEmpty }
    /// Whether the query runs until stopped (EMIT CHANGES / EMIT FINAL) rather than answering once.
    public var isPush: Bool { emit != .none }

    static let aggregateFunctions: Set<String> = ["COUNT", "SUM", "MIN", "MAX", "AVG"]
    static let scalarFunctions: [String: Int] = ["LOWER": 1, "UPPER": 1, "LENGTH": 1, "ABS": 1, "COALESCE": -1]

    /// Parses and plans `statement`; `defaultGraceMs` is the watermark delay when the window names no GRACE PERIOD.
    public init(_ statement: String) throws {
        let select = try SQLParser.parse(statement)
        func fail(_ message: String, at position: Int? = nil) -> SQLError {
            SQLError(message, at: position, in: position == nil ? nil : statement)
        }
        self.statement = statement
        self.source = select.source
        self.window = select.window
        self.emit = select.emit
        self.limit = select.limit

        if select.emit == .final && select.window == nil {
            throw fail("EMIT FINAL sends each window once, when it closes: it needs a WINDOW clause (or use EMIT CHANGES)")
        }
        if select.emit != .none && !select.orderBy.isEmpty {
            throw fail("ORDER BY needs the whole input, and a push query (EMIT …) never ends; drop ORDER BY or EMIT")
        }

        // EXPLODE(column) AS alias: a whole SELECT item, at most one.
        var explode: (column: String, alias: String)?
        var items = select.items
        if let list = items {
            for (i, item) in list.enumerated() {
                if case .call("EXPLODE", let arguments, _, _) = item.expression {
                    guard explode == nil else { throw fail("only one EXPLODE per query", at: item.position) }
                    guard arguments.count == 1, case .column(let column) = arguments[0] else {
                        throw fail("EXPLODE takes one array column, e.g. EXPLODE(hashtags) AS hashtag", at: item.position)
                    }
                    let alias = item.alias ?? column
                    explode = (column, alias)
                    items![i] = SQLSelectItem(expression: .column(alias), alias: alias, position: item.position)
                } else if Self.contains(item.expression, where: { if case .call("EXPLODE", _, _, _) = $0 { true } else { false } }) {
                    throw fail("EXPLODE must be a whole SELECT item, e.g. SELECT EXPLODE(hashtags) AS hashtag", at: item.position)
                }
            }
        }
        self.explode = explode

        // Aliases, for GROUP BY, HAVING and ORDER BY (and WINDOWSTART / WINDOWEND).
        let hasWindow = select.window != nil
        var aliases: [String: SQLExpression] = [:]
        for item in items ?? [] {
            if let alias = item.alias, item.expression != .column(alias) { aliases[alias] = item.expression }
        }
        func resolve(_ e: SQLExpression, aliases: [String: SQLExpression]) -> SQLExpression {
            Self.rewrite(e) { e in
                guard case .column(let name) = e else { return nil }
                if hasWindow && name == "windowstart" { return .windowBound(end: false) }
                if hasWindow && name == "windowend" { return .windowBound(end: true) }
                return aliases[name]
            }
        }

        var aggregates: [Aggregate] = []
        func plan(_ e: SQLExpression, allowAggregates: Bool, clause: String) throws -> SQLExpression {
            try Self.checkFunctions(e, fail: { fail($0) })
            return try Self.rewriteThrowing(e) { e in
                guard case .call(let name, let arguments, let star, let distinct) = e, Self.aggregateFunctions.contains(name) else { return nil }
                guard allowAggregates else {
                    throw fail("\(name)(…) is an aggregate and cannot be used in \(clause)\(clause == "WHERE" ? " (filter groups with HAVING)" : "")")
                }
                if star && name != "COUNT" { throw fail("\(name)(*) is not a thing: only COUNT takes *") }
                if !star && arguments.count != 1 { throw fail("\(name) takes one argument, e.g. \(name)(likes)") }
                for argument in arguments where Self.contains(argument, where: { if case .call(let n, _, _, _) = $0 { Self.aggregateFunctions.contains(n) } else { false } }) {
                    throw fail("aggregates cannot be nested: \(name)(…) contains another aggregate")
                }
                let aggregate = Aggregate(function: name, argument: star ? nil : arguments[0], distinct: distinct)
                if let i = aggregates.firstIndex(of: aggregate) { return .aggregate(i) }
                aggregates.append(aggregate)
                return .aggregate(aggregates.count - 1)
            }
        }

        // WHERE: on source rows, before grouping.
        if let condition = select.whereClause {
            if Self.contains(condition, where: { if case .column(let n) = $0 { n == "windowstart" || n == "windowend" } else { false } }) && hasWindow {
                throw fail("WHERE filters rows before they are put in windows: WINDOWSTART is not known there (use HAVING)")
            }
            self.filter = try plan(condition, allowAggregates: false, clause: "WHERE")
        } else {
            self.filter = nil
        }

        self.groupBy = try select.groupBy.map { try plan(resolve($0, aliases: aliases), allowAggregates: false, clause: "GROUP BY") }
        var outputs: [Output]?
        if let items {
            outputs = try items.enumerated().map { i, item in
                let expression = try plan(resolve(item.expression, aliases: [:]), allowAggregates: true, clause: "the SELECT list")
                return Output(name: item.alias ?? Self.defaultName(item.expression, index: i), expression: expression)
            }
        }
        self.having = try select.having.map { try plan(resolve($0, aliases: aliases), allowAggregates: true, clause: "HAVING") }
        self.orderBy = try select.orderBy.map { order in
            var e = order.expression
            if case .literal(.int(let n)) = e {
                guard let outputs, n >= 1, n <= outputs.count else {
                    throw fail("ORDER BY \(n): there is no output column \(n)")
                }
                e = outputs[Int(n) - 1].expression
                return SQLOrder(expression: e, descending: order.descending)
            }
            return SQLOrder(expression: try plan(resolve(e, aliases: aliases), allowAggregates: true, clause: "ORDER BY"), descending: order.descending)
        }
        self.aggregates = aggregates

        let grouped = !groupBy.isEmpty || !aggregates.isEmpty
        if select.items == nil && grouped { throw fail("SELECT * cannot be grouped: name the columns, e.g. SELECT hashtag, COUNT(*)") }
        if select.items == nil && hasWindow { throw fail("a windowed query aggregates: SELECT the group's columns and an aggregate, not *") }
        if hasWindow && !grouped {
            throw fail("a windowed query aggregates: add GROUP BY (e.g. GROUP BY hashtag) and an aggregate such as COUNT(*)")
        }
        if select.having != nil && !grouped { throw fail("HAVING filters groups: the query needs GROUP BY or an aggregate") }
        if grouped {
            // Every output, HAVING and ORDER BY must be made of group keys, aggregates, window bounds and constants.
            let keys = Set(groupBy)
            func check(_ e: SQLExpression, _ place: String, at position: Int?) throws {
                if keys.contains(e) { return }
                switch e {
                case .column(let name):
                    throw fail("\(place): column \"\(name)\" must be in GROUP BY or inside an aggregate such as COUNT(…)", at: position)
                case .literal, .aggregate, .windowBound: return
                case .unary(_, let x), .isNull(let x, _): try check(x, place, at: position)
                case .binary(_, let a, let b): try check(a, place, at: position); try check(b, place, at: position)
                case .inList(let x, let list, _): try check(x, place, at: position); for y in list { try check(y, place, at: position) }
                case .call(_, let arguments, _, _): for a in arguments { try check(a, place, at: position) }
                }
            }
            for (output, item) in zip(outputs ?? [], items ?? []) { try check(output.expression, "SELECT", at: item.position) }
            if let having { try check(having, "HAVING", at: nil) }
            for order in orderBy { try check(order.expression, "ORDER BY", at: nil) }
        } else {
            for output in outputs ?? [] where Self.contains(output.expression, where: { if case .windowBound = $0 { true } else { false } }) {
                throw fail("WINDOWSTART and WINDOWEND need a WINDOW clause")
            }
        }
        // A windowed result names its window: WINDOWSTART and WINDOWEND lead unless selected.
        if hasWindow, var list = outputs {
            let selected = Set(list.map(\.expression))
            if !selected.contains(.windowBound(end: true)) { list.insert(Output(name: "windowend", expression: .windowBound(end: true)), at: 0) }
            if !selected.contains(.windowBound(end: false)) { list.insert(Output(name: "windowstart", expression: .windowBound(end: false)), at: 0) }
            outputs = list
        }
        self.outputs = outputs

        // The source columns read: every column named, but for EXPLODE's alias and ROWTIME.
        var columns = Set<String>()
        let everything = (outputs?.map(\.expression) ?? []) + groupBy + [filter, having].compactMap { $0 }
            + orderBy.map(\.expression) + aggregates.compactMap(\.argument)
        for e in everything {
            _ = Self.rewrite(e) { e in
                if case .column(let name) = e { columns.insert(name) }
                return nil
            }
        }
        if let explode { columns.remove(explode.alias); columns.insert(explode.column) }
        columns.remove("rowtime")
        self.sourceColumns = columns
    }

    // MARK: Walking expressions

    /// `e` with every subexpression for which `replace` gives a value replaced by it (outermost first).
    static func rewrite(_ e: SQLExpression, _ replace: (SQLExpression) -> SQLExpression?) -> SQLExpression {
        (try? rewriteThrowing(e, replace)) ?? e
    }

    static func rewriteThrowing(_ e: SQLExpression, _ replace: (SQLExpression) throws -> SQLExpression?) throws -> SQLExpression {
        if let replaced = try replace(e) { return replaced }
        switch e {
        case .column, .literal, .aggregate, .windowBound: return e
        case .unary(let op, let x): return .unary(op, try rewriteThrowing(x, replace))
        case .binary(let op, let a, let b): return .binary(op, try rewriteThrowing(a, replace), try rewriteThrowing(b, replace))
        case .isNull(let x, let negated): return .isNull(try rewriteThrowing(x, replace), negated: negated)
        case .inList(let x, let list, let negated):
            return .inList(try rewriteThrowing(x, replace), try list.map { try rewriteThrowing($0, replace) }, negated: negated)
        case .call(let name, let arguments, let star, let distinct):
            return .call(name, try arguments.map { try rewriteThrowing($0, replace) }, star: star, distinct: distinct)
        }
    }

    static func contains(_ e: SQLExpression, where predicate: (SQLExpression) -> Bool) -> Bool {
        var found = false
        _ = rewrite(e) { e in
            if predicate(e) { found = true }
            return nil
        }
        return found
    }

    /// Every function named exists and has the right number of arguments.
    private static func checkFunctions(_ e: SQLExpression, fail: (String) -> SQLError) throws {
        var problem: SQLError?
        _ = rewrite(e) { e in
            guard problem == nil, case .call(let name, let arguments, _, _) = e else { return nil }
            if aggregateFunctions.contains(name) || name == "EXPLODE" { return nil }
            guard let arity = scalarFunctions[name] else {
                problem = fail("unknown function \(name); the functions: COUNT, SUM, MIN, MAX, AVG, EXPLODE, \(scalarFunctions.keys.sorted().joined(separator: ", "))")
                return nil
            }
            if arity >= 0 && arguments.count != arity { problem = fail("\(name) takes \(arity) argument\(arity == 1 ? "" : "s")") }
            return nil
        }
        if let problem { throw problem }
    }

    /// An output column's name when it has no alias: the column's own name, or the function's in lower case.
    private static func defaultName(_ e: SQLExpression, index: Int) -> String {
        switch e {
        case .column(let name): name
        case .call(let name, _, _, _): name.lowercased()
        default: "col\(index + 1)"
        }
    }
}
