extension CQLParser {
    /// `INSERT INTO ...`.
    mutating func insert() throws(CQLSyntaxError) -> InsertStatement {
        advance()
        try expectKeyword("INTO", "after INSERT")
        let table = try tableName()
        let columnsToken = current
        let columns = try parenthesized("the column names") { (p: inout CQLParser) throws(CQLSyntaxError) in
            try p.identifier("a column name")
        }
        try expectKeyword("VALUES", "after the column names")
        let values = try parenthesized("the values") { (p: inout CQLParser) throws(CQLSyntaxError) in try p.term() }
        guard columns.count == values.count else {
            throw error("the INSERT names \(columns.count) column\(columns.count == 1 ? "" : "s") but gives \(values.count) value\(values.count == 1 ? "" : "s")", at: columnsToken)
        }
        var statement = InsertStatement(table: table, columns: columns, values: values)
        statement.ifNotExists = try ifNotExistsClause()
        statement.using = try usingClause(allowTTL: true)
        if !statement.ifNotExists { statement.ifNotExists = try ifNotExistsClause() }
        return statement
    }

    /// `UPDATE ...`.
    mutating func update() throws(CQLSyntaxError) -> UpdateStatement {
        advance()
        let table = try tableName()
        let using = try usingClause(allowTTL: true)
        try expectKeyword("SET", "after the table name in UPDATE")
        var assignments: [Assignment] = []
        repeat { assignments.append(try assignment()) } while acceptSymbol(",")
        try expectKeyword("WHERE", "after the SET assignments")
        var statement = UpdateStatement(table: table, using: using, assignments: assignments, whereClause: try relations())
        (statement.ifExists, statement.conditions) = try conditions()
        return statement
    }

    /// `DELETE ...`.
    mutating func delete() throws(CQLSyntaxError) -> DeleteStatement {
        advance()
        var targets: [DeleteStatement.Target] = []
        if !current.isKeyword("FROM") {
            repeat {
                let column = try identifier("a column name or FROM after DELETE")
                if let key = try elementKey() {
                    targets.append(.element(column: column, key: key))
                } else {
                    targets.append(.column(column))
                }
            } while acceptSymbol(",")
        }
        try expectKeyword("FROM", targets.isEmpty ? "after DELETE" : "after the deleted columns")
        let table = try tableName()
        let using = try usingClause(allowTTL: false)
        try expectKeyword("WHERE", "after the table name in DELETE")
        var statement = DeleteStatement(targets: targets, table: table, using: using, whereClause: try relations())
        (statement.ifExists, statement.conditions) = try conditions()
        return statement
    }

    /// `BEGIN [UNLOGGED | LOGGED | COUNTER] BATCH [USING TIMESTAMP n] statements APPLY BATCH`.
    mutating func batch() throws(CQLSyntaxError) -> BatchStatement {
        advance()
        var kind = BatchStatement.Kind.logged
        if acceptKeyword("UNLOGGED") { kind = .unlogged } else if acceptKeyword("COUNTER") { kind = .counter } else { _ = acceptKeyword("LOGGED") }
        try expectKeyword("BATCH", "after BEGIN")
        let using = try usingClause(allowTTL: false)
        var statements: [Statement] = []
        while !current.isKeyword("APPLY") {
            let token = current
            guard token.isKeyword("INSERT") || token.isKeyword("UPDATE") || token.isKeyword("DELETE") else {
                if token.kind == .end { throw error("expected APPLY BATCH at the end of the batch but found the end of the statement") }
                throw error("expected INSERT, UPDATE, DELETE or APPLY BATCH in the batch but found \(token.shown)")
            }
            statements.append(try statement())
            _ = acceptSymbol(";")
        }
        advance()
        try expectKeyword("BATCH", "after APPLY")
        return BatchStatement(kind: kind, using: using, statements: statements)
    }

    /// `USING TTL n [AND TIMESTAMP n]`, in either order, if there.
    mutating func usingClause(allowTTL: Bool) throws(CQLSyntaxError) -> UsingClause {
        var clause = UsingClause()
        guard acceptKeyword("USING") else { return clause }
        repeat {
            let token = current
            if acceptKeyword("TTL") {
                guard allowTTL else { throw error("TTL is not allowed here (only USING TIMESTAMP)", at: token) }
                clause.ttl = try limitValue("USING TTL")
            } else if acceptKeyword("TIMESTAMP") {
                clause.timestamp = try limitValue("USING TIMESTAMP")
            } else {
                throw error("expected TTL or TIMESTAMP after USING but found \(token.shown)")
            }
        } while acceptKeyword("AND")
        return clause
    }

    /// `IF EXISTS` or `IF condition AND ...`, if there.
    mutating func conditions() throws(CQLSyntaxError) -> (Bool, [Relation]) {
        guard acceptKeyword("IF") else { return (false, []) }
        if acceptKeyword("EXISTS") { return (true, []) }
        return (false, try relations())
    }

    /// One SET item: `c = t`, `c = c + t`, `c = c - t`, `c = t + c`, `c += t`, `c -= t`, `m[k] = t`.
    mutating func assignment() throws(CQLSyntaxError) -> Assignment {
        let column = try identifier("a column name to SET")
        if let key = try elementKey() {
            try expectSymbol("=", "after \(column)[...]")
            return .setElement(column: column, key: key, value: try term())
        }
        if acceptSymbol("+=") { return .add(column: column, value: try term()) }
        if acceptSymbol("-=") { return .remove(column: column, value: try term()) }
        try expectSymbol("=", "after \(column) in SET")
        if atIdentifier, !peek(1).isSymbol("("), identifierValue(current) == column {
            let next = peek(1)
            if next.isSymbol("+") || next.isSymbol("-") {
                advance(); advance()
                let value = try term()
                return next.isSymbol("+") ? .add(column: column, value: value) : .remove(column: column, value: value)
            }
            if (next.kind == .integer || next.kind == .float) && next.text.hasPrefix("-") {
                // `c = c -1`: the lexer read `-1` as one number.
                advance(); advance()
                let magnitude = String(next.text.dropFirst())
                return .remove(column: column, value: next.kind == .integer ? .integer(magnitude) : .float(magnitude))
            }
            throw error("expected + or - after \(column) = \(column) but found \(next.shown)", at: next)
        }
        let value = try term()
        if acceptSymbol("+") {
            let other = try identifier("the column \(column) after +")
            guard other == column else {
                throw error("expected \(column) after + (only \(column) = value + \(column) prepends) but found '\(other)'")
            }
            return .prepend(column: column, value: value)
        }
        return .set(column: column, value: value)
    }

    /// `[key]` after a collection column, if there.
    mutating func elementKey() throws(CQLSyntaxError) -> Term? {
        guard acceptSymbol("[") else { return nil }
        let key = try term()
        try expectSymbol("]", "after the element key")
        return key
    }

    func identifierValue(_ token: Token) -> String {
        token.kind == .quotedIdentifier ? token.value : token.text.lowercased()
    }
}
