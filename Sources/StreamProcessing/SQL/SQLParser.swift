/// Parses one SELECT statement (the ksqlDB / Flink SQL subset `box stream --job sql` runs).
///
///     SELECT item [, item …] | *
///     FROM source
///     [WINDOW TUMBLING (SIZE n unit [, GRACE PERIOD n unit])
///       | WINDOW HOPPING (SIZE n unit, ADVANCE BY n unit [, GRACE PERIOD n unit])]
///     [WHERE condition] [GROUP BY expr, …] [HAVING condition]
///     [ORDER BY expr [ASC|DESC], …] [LIMIT n] [EMIT CHANGES | EMIT FINAL] [;]
struct SQLParser {
    private let statement: String
    private let tokens: [SQLToken]
    private var index = 0

    /// Words that start or separate clauses: a column with one of these names must be "quoted".
    static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "WINDOW", "EMIT", "AND", "OR",
        "NOT", "IN", "IS", "NULL", "LIKE", "AS", "ASC", "DESC", "TRUE", "FALSE", "BETWEEN", "DISTINCT",
    ]

    init(_ statement: String) throws {
        self.statement = statement
        self.tokens = try SQLLexer.tokens(statement)
    }

    /// The statement as a SELECT; throws a `SQLError` that points at the first token it cannot read.
    static func parse(_ statement: String) throws -> SQLSelect {
        var parser = try SQLParser(statement)
        return try parser.select()
    }

    // MARK: Clauses

    private mutating func select() throws -> SQLSelect {
        guard peek.keyword == "SELECT" else {
            if let word = peek.keyword, ["INSERT", "UPDATE", "DELETE", "CREATE", "DROP"].contains(word) {
                throw error("only SELECT statements run here (this is a query engine over streams and files, not a database)")
            }
            throw error("a query starts with SELECT")
        }
        index += 1
        var items: [SQLSelectItem]?
        if peek.kind == .symbol("*") {
            index += 1
        } else {
            items = [try selectItem()]
            while accept(symbol: ",") { items!.append(try selectItem()) }
        }
        try expect(keyword: "FROM", "after the SELECT list comes FROM and the table or topic to read")
        let source = try name("the table or topic to read")
        var window: SQLWindow?
        if accept(keyword: "WINDOW") { window = try windowClause() }
        var whereClause: SQLExpression?
        if accept(keyword: "WHERE") { whereClause = try expression() }
        var groupBy: [SQLExpression] = []
        if accept(keyword: "GROUP") {
            try expect(keyword: "BY", "GROUP is followed by BY")
            groupBy = [try expression()]
            while accept(symbol: ",") { groupBy.append(try expression()) }
        }
        var having: SQLExpression?
        if accept(keyword: "HAVING") { having = try expression() }
        var orderBy: [SQLOrder] = []
        if accept(keyword: "ORDER") {
            try expect(keyword: "BY", "ORDER is followed by BY")
            repeat {
                let e = try expression()
                var descending = false
                if accept(keyword: "DESC") { descending = true } else { _ = accept(keyword: "ASC") }
                orderBy.append(SQLOrder(expression: e, descending: descending))
            } while accept(symbol: ",")
        }
        var limit: Int?
        if accept(keyword: "LIMIT") {
            guard case .integer(let n) = peek.kind, n >= 0 else { throw error("LIMIT takes a whole number, e.g. LIMIT 10") }
            index += 1
            limit = Int(n)
        }
        var emit = SQLEmit.none
        if accept(keyword: "EMIT") {
            if accept(keyword: "CHANGES") { emit = .changes }
            else if accept(keyword: "FINAL") { emit = .final }
            else { throw error("EMIT is followed by CHANGES or FINAL") }
        }
        _ = accept(symbol: ";")
        guard peek.kind == .end else {
            if peek.keyword == "WINDOW" { throw error("WINDOW comes right after FROM <source>, before WHERE") }
            throw error("unexpected \(peek.display) (the clauses go in this order: SELECT, FROM, WINDOW, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, EMIT)")
        }
        return SQLSelect(items: items, source: source, window: window, whereClause: whereClause, groupBy: groupBy,
                         having: having, orderBy: orderBy, limit: limit, emit: emit)
    }

    private mutating func selectItem() throws -> SQLSelectItem {
        let position = peek.position
        let e = try expression()
        var alias: String?
        if accept(keyword: "AS") {
            alias = try name("a name after AS")
        } else if case .word(let w, let quoted) = peek.kind, quoted || !Self.reserved.contains(w.uppercased()) {
            alias = quoted ? w : w.lowercased()
            index += 1
        }
        return SQLSelectItem(expression: e, alias: alias, position: position)
    }

    private mutating func windowClause() throws -> SQLWindow {
        let kind = peek.keyword
        guard kind == "TUMBLING" || kind == "HOPPING" || kind == "SESSION" else {
            throw error("WINDOW is followed by TUMBLING (SIZE 10 SECONDS) or HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS)")
        }
        if kind == "SESSION" { throw error("session windows are not supported; use TUMBLING or HOPPING") }
        index += 1
        try expect(symbol: "(", "the window's settings go in parentheses: (SIZE 10 SECONDS)")
        try expect(keyword: "SIZE", "a window starts with its SIZE, e.g. (SIZE 10 SECONDS)")
        var window = SQLWindow(sizeMs: try duration())
        while accept(symbol: ",") {
            if accept(keyword: "ADVANCE") {
                try expect(keyword: "BY", "ADVANCE is followed by BY, e.g. ADVANCE BY 10 SECONDS")
                let at = peek.position
                window.advanceMs = try duration()
                guard kind == "HOPPING" else { throw SQLError("ADVANCE BY is for HOPPING windows (a TUMBLING window advances by its size)", at: at, in: statement) }
                guard window.advanceMs! <= window.sizeMs, window.sizeMs % window.advanceMs! == 0 else {
                    throw SQLError("a hopping window's SIZE must be a multiple of its ADVANCE BY (e.g. SIZE 1 MINUTE, ADVANCE BY 10 SECONDS)", at: at, in: statement)
                }
            } else if accept(keyword: "GRACE") {
                try expect(keyword: "PERIOD", "GRACE is followed by PERIOD, e.g. GRACE PERIOD 10 SECONDS")
                window.graceMs = try duration()
            } else {
                throw error("expected ADVANCE BY or GRACE PERIOD")
            }
        }
        try expect(symbol: ")", "expected ) to close the window's settings")
        if kind == "HOPPING" && window.advanceMs == nil {
            throw error("a HOPPING window needs ADVANCE BY, e.g. WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS)")
        }
        return window
    }

    /// `n unit`, in milliseconds.
    private mutating func duration() throws -> Int64 {
        guard case .integer(let n) = peek.kind, n > 0 else { throw error("expected a duration, e.g. 10 SECONDS") }
        index += 1
        let units: [String: Int64] = ["MILLISECOND": 1, "SECOND": 1000, "MINUTE": 60_000, "HOUR": 3_600_000, "DAY": 86_400_000]
        guard let word = peek.keyword, let unit = units[word.hasSuffix("S") ? String(word.dropLast()) : word] else {
            throw error("expected a unit of time: MILLISECONDS, SECONDS, MINUTES, HOURS or DAYS")
        }
        index += 1
        return n * unit
    }

    // MARK: Expressions

    private mutating func expression() throws -> SQLExpression { try or() }

    private mutating func or() throws -> SQLExpression {
        var e = try and()
        while accept(keyword: "OR") { e = .binary("OR", e, try and()) }
        return e
    }

    private mutating func and() throws -> SQLExpression {
        var e = try not()
        while accept(keyword: "AND") { e = .binary("AND", e, try not()) }
        return e
    }

    private mutating func not() throws -> SQLExpression {
        if accept(keyword: "NOT") { return .unary("NOT", try not()) }
        return try comparison()
    }

    private mutating func comparison() throws -> SQLExpression {
        let e = try additive()
        if case .symbol(let op) = peek.kind, ["=", "!=", "<", "<=", ">", ">="].contains(op) {
            index += 1
            return .binary(op, e, try additive())
        }
        if accept(keyword: "IS") {
            let negated = accept(keyword: "NOT")
            try expect(keyword: "NULL", "IS is followed by NULL or NOT NULL")
            return .isNull(e, negated: negated)
        }
        let negated = accept(keyword: "NOT")
        if accept(keyword: "IN") {
            try expect(symbol: "(", "IN is followed by a list in parentheses, e.g. IN ('a', 'b')")
            var list = [try expression()]
            while accept(symbol: ",") { list.append(try expression()) }
            try expect(symbol: ")", "expected ) to close the IN list")
            return .inList(e, list, negated: negated)
        }
        if accept(keyword: "LIKE") {
            let like = SQLExpression.binary("LIKE", e, try additive())
            return negated ? .unary("NOT", like) : like
        }
        if accept(keyword: "BETWEEN") {
            let low = try additive()
            try expect(keyword: "AND", "BETWEEN low AND high")
            let between = SQLExpression.binary("AND", .binary(">=", e, low), .binary("<=", e, try additive()))
            return negated ? .unary("NOT", between) : between
        }
        if negated { throw error("NOT here must be followed by IN, LIKE or BETWEEN") }
        return e
    }

    private mutating func additive() throws -> SQLExpression {
        var e = try multiplicative()
        while case .symbol(let op) = peek.kind, op == "+" || op == "-" {
            index += 1
            e = .binary(op, e, try multiplicative())
        }
        return e
    }

    private mutating func multiplicative() throws -> SQLExpression {
        var e = try unary()
        while case .symbol(let op) = peek.kind, op == "*" || op == "/" || op == "%" {
            index += 1
            e = .binary(op, e, try unary())
        }
        return e
    }

    private mutating func unary() throws -> SQLExpression {
        if accept(symbol: "-") {
            let operand = try unary()
            switch operand {
            case .literal(.int(let i)): return .literal(.int(-i))
            case .literal(.double(let d)): return .literal(.double(-d))
            default: return .unary("-", operand)
            }
        }
        return try primary()
    }

    private mutating func primary() throws -> SQLExpression {
        let token = peek
        switch token.kind {
        case .integer(let i): index += 1; return .literal(.int(i))
        case .decimal(let d): index += 1; return .literal(.double(d))
        case .string(let s): index += 1; return .literal(.string(s))
        case .symbol("("):
            index += 1
            let e = try expression()
            try expect(symbol: ")", "expected ) to close the parenthesis")
            return e
        case .word(let w, quoted: true):
            index += 1
            return .column(w)
        case .word(let w, quoted: false):
            let upper = w.uppercased()
            switch upper {
            case "TRUE": index += 1; return .literal(.bool(true))
            case "FALSE": index += 1; return .literal(.bool(false))
            case "NULL": index += 1; return .literal(.null)
            default: break
            }
            if Self.reserved.contains(upper) { throw error("expected a column, a value or an expression, not \(upper)") }
            index += 1
            guard accept(symbol: "(") else { return .column(w.lowercased()) }
            if accept(symbol: "*") {
                try expect(symbol: ")", "expected ) after \(upper)(*")
                return .call(upper, [], star: true, distinct: false)
            }
            let distinct = accept(keyword: "DISTINCT")
            var arguments: [SQLExpression] = []
            if !accept(symbol: ")") {
                arguments.append(try expression())
                while accept(symbol: ",") { arguments.append(try expression()) }
                try expect(symbol: ")", "expected ) to close \(upper)(…")
            }
            return .call(upper, arguments, star: false, distinct: distinct)
        case .end:
            throw error("the statement ends where an expression was expected")
        default:
            throw error("expected a column, a value or an expression, not \(token.display)")
        }
    }

    // MARK: Tokens

    private var peek: SQLToken { tokens[index] }

    private mutating func accept(keyword: String) -> Bool {
        guard peek.keyword == keyword else { return false }
        index += 1
        return true
    }

    private mutating func accept(symbol: String) -> Bool {
        guard peek.kind == .symbol(symbol) else { return false }
        index += 1
        return true
    }

    private mutating func expect(keyword: String, _ hint: String) throws {
        guard accept(keyword: keyword) else { throw error("\(hint) (found \(peek.display))") }
    }

    private mutating func expect(symbol: String, _ hint: String) throws {
        guard accept(symbol: symbol) else { throw error("\(hint) (found \(peek.display))") }
    }

    /// A name: a word that is not a keyword, or a "quoted" name.
    private mutating func name(_ what: String) throws -> String {
        switch peek.kind {
        case .word(let w, quoted: true):
            index += 1
            return w
        case .word(let w, quoted: false) where !Self.reserved.contains(w.uppercased()):
            index += 1
            return w.lowercased()
        default:
            throw error("expected \(what), found \(peek.display)")
        }
    }

    private func error(_ message: String) -> SQLError {
        SQLError(message, at: peek.position, in: statement)
    }
}
