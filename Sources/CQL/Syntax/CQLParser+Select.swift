extension CQLParser {
    /// `SELECT ...`.
    mutating func select() throws(CQLSyntaxError) -> SelectStatement {
        advance()
        let json = acceptKeyword("JSON")
        let distinct = acceptKeyword("DISTINCT")
        var selectors: [Selector] = []
        if !acceptSymbol("*") {
            repeat {
                let selection = try self.selection()
                let alias = acceptKeyword("AS") ? try identifier("an alias after AS") : nil
                selectors.append(Selector(selection, alias: alias))
            } while acceptSymbol(",")
        }
        try expectKeyword("FROM", selectors.isEmpty ? "after SELECT *" : "after the selected columns")
        var statement = SelectStatement(table: try tableName(), distinct: distinct, selectors: selectors, json: json)
        if acceptKeyword("WHERE") { statement.whereClause = try relations() }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY", "after ORDER")
            repeat { statement.orderBy.append(try ordering()) } while acceptSymbol(",")
        }
        if acceptKeyword("PER") {
            try expectKeyword("PARTITION", "after PER")
            try expectKeyword("LIMIT", "after PER PARTITION")
            statement.perPartitionLimit = try limitValue("PER PARTITION LIMIT")
        }
        if acceptKeyword("LIMIT") { statement.limit = try limitValue("LIMIT") }
        if acceptKeyword("ALLOW") {
            try expectKeyword("FILTERING", "after ALLOW")
            statement.allowFiltering = true
        }
        return statement
    }

    mutating func limitValue(_ clause: String) throws(CQLSyntaxError) -> Term {
        let token = current
        let value = try term()
        switch value {
        case .integer, .bindMarker: return value
        default: throw error("expected a whole number or ? after \(clause) but found \(token.shown)", at: token)
        }
    }

    /// One selector: a column, `COUNT(*)`, `WRITETIME(c)`, `TTL(c)`, `TOKEN(k)`, a function call or a literal.
    mutating func selection() throws(CQLSyntaxError) -> Selection {
        let token = current
        if token.kind == .identifier, peek(1).isSymbol("(") {
            let name = token.text.lowercased()
            advance(); advance()
            switch name {
            case "count" where current.isSymbol("*") || (current.kind == .integer && current.text == "1"):
                let argument = current.text
                advance()
                try expectSymbol(")", "after COUNT(\(argument)")
                return .countAll
            case "writetime", "ttl":
                let column = try identifier("a column name in \(name)()")
                try expectSymbol(")", "after the column of \(name)()")
                return name == "ttl" ? .ttl(column) : .writetime(column)
            case "token":
                var columns: [String] = []
                repeat { columns.append(try identifier("a partition key column in token()")) } while acceptSymbol(",")
                try expectSymbol(")", "after the columns of token()")
                return .token(columns)
            default:
                var arguments: [Selection] = []
                if !acceptSymbol(")") {
                    repeat { arguments.append(try selection()) } while acceptSymbol(",")
                    try expectSymbol(")", "after the arguments of \(name)()")
                }
                return .function(name: name, arguments: arguments)
            }
        }
        if atIdentifier && !(token.kind == .identifier && ["true", "false", "nan", "infinity"].contains(token.text.lowercased())) {
            return .column(try identifier("a column name"))
        }
        if token.kind == .identifier && CQLKeywords.reserved.contains(token.text.uppercased())
            && !["NULL", "NAN", "INFINITY"].contains(token.text.uppercased()) {
            throw error("expected a column name but found the reserved keyword \(token.text.uppercased()) (write it in double quotes to use it as a name)")
        }
        return .term(try term())
    }

    /// `relation AND relation ...`.
    mutating func relations() throws(CQLSyntaxError) -> [Relation] {
        var relations: [Relation] = []
        repeat { relations.append(try relation()) } while acceptKeyword("AND")
        return relations
    }

    /// `c op term`, `c IN (...)`, `c IN ?`, `token(a, b) op term`, `(c1, c2) op (t1, t2)`, `m[k] = term`.
    mutating func relation() throws(CQLSyntaxError) -> Relation {
        let subject: Relation.Subject
        if current.isKeyword("TOKEN") && peek(1).isSymbol("(") {
            advance()
            let columns = try parenthesized("the columns of token()") { (p: inout CQLParser) throws(CQLSyntaxError) in
                try p.identifier("a partition key column")
            }
            subject = .token(columns)
        } else if current.isSymbol("(") {
            subject = .columns(try parenthesized("the columns of a tuple relation") { (p: inout CQLParser) throws(CQLSyntaxError) in
                try p.identifier("a clustering column")
            })
        } else {
            let column = try identifier("a column name in the WHERE clause")
            if let key = try elementKey() {
                subject = .element(column: column, key: key)
            } else {
                subject = .column(column)
            }
        }
        let opToken = current
        let op: Relation.Operator
        if acceptKeyword("IN") {
            op = .in
        } else if acceptKeyword("CONTAINS") {
            op = acceptKeyword("KEY") ? .containsKey : .contains
        } else if opToken.kind == .symbol, let symbol = Relation.Operator(rawValue: opToken.text), symbol != .in {
            advance()
            op = symbol
        } else {
            throw error("expected an operator (=, <, <=, >, >=, IN, CONTAINS) after \(describe(subject)) but found \(opToken.shown)")
        }
        if op == .in {
            if current.isSymbol("?") || current.isSymbol(":") { return Relation(subject, op, try term()) }
            let values = try parenthesized("the IN values") { (p: inout CQLParser) throws(CQLSyntaxError) in try p.term() }
            return Relation(subject, op, .list(values))
        }
        return Relation(subject, op, try term())
    }

    func describe(_ subject: Relation.Subject) -> String {
        switch subject {
        case .column(let c): c
        case .columns(let cs): "(" + cs.joined(separator: ", ") + ")"
        case .token(let cs): "token(" + cs.joined(separator: ", ") + ")"
        case .element(let c, _): "\(c)[...]"
        }
    }
}
