/// Parses the CQL subset the store serves into a `Statement`, with errors
/// that say where and what was expected:
///
/// ```swift
/// let statement = try CQLParser.parse("SELECT * FROM users WHERE id = ?")
/// statement.bindMarkers.count   // 1
/// ```
///
/// Identifiers are lower-cased unless double-quoted; keywords are
/// case-insensitive; `--`, `//` and `/* */` comments and a trailing `;` are allowed.
public struct CQLParser {
    var tokens: [Token]
    var position = 0
    /// The next bind marker's index.
    var markerCount = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// Parses one statement.
    public static func parse(_ text: String) throws(CQLSyntaxError) -> Statement {
        var parser = CQLParser(tokens: try CQLLexer.tokenize(text))
        let statement = try parser.statement()
        _ = parser.acceptSymbol(";")
        guard parser.current.kind == .end else {
            throw parser.error("expected the end of the statement but found \(parser.current.shown)")
        }
        return statement
    }

    // MARK: Statements

    mutating func statement() throws(CQLSyntaxError) -> Statement {
        let token = current
        if token.isKeyword("SELECT") { return .select(try select()) }
        if token.isKeyword("INSERT") { return .insert(try insert()) }
        if token.isKeyword("UPDATE") { return .update(try update()) }
        if token.isKeyword("DELETE") { return .delete(try delete()) }
        if token.isKeyword("BEGIN") { return .batch(try batch()) }
        if token.isKeyword("USE") {
            advance()
            return .use(UseStatement(keyspace: try identifier("a keyspace name after USE")))
        }
        if token.isKeyword("CREATE") {
            advance()
            if acceptKeyword("KEYSPACE") || acceptKeyword("SCHEMA") { return .createKeyspace(try createKeyspace()) }
            if acceptKeyword("TABLE") || acceptKeyword("COLUMNFAMILY") { return .createTable(try createTable()) }
            throw error("expected KEYSPACE or TABLE after CREATE but found \(current.shown)")
        }
        if token.isKeyword("DROP") {
            advance()
            if acceptKeyword("KEYSPACE") || acceptKeyword("SCHEMA") {
                let ifExists = try ifExistsClause()
                return .dropKeyspace(DropKeyspaceStatement(keyspace: try identifier("a keyspace name"), ifExists: ifExists))
            }
            if acceptKeyword("TABLE") || acceptKeyword("COLUMNFAMILY") {
                let ifExists = try ifExistsClause()
                return .dropTable(DropTableStatement(table: try tableName(), ifExists: ifExists))
            }
            throw error("expected KEYSPACE or TABLE after DROP but found \(current.shown)")
        }
        if token.isKeyword("TRUNCATE") {
            advance()
            _ = acceptKeyword("TABLE") || acceptKeyword("COLUMNFAMILY")
            return .truncate(TruncateStatement(table: try tableName()))
        }
        if token.isKeyword("DESCRIBE") || token.isKeyword("DESC") { return .describe(try describe()) }
        if token.kind == .end { throw error("expected a statement but the text is empty") }
        throw error("expected a statement (SELECT, INSERT, UPDATE, DELETE, BEGIN BATCH, CREATE, DROP, TRUNCATE, USE) but found \(token.shown)")
    }

    mutating func describe() throws(CQLSyntaxError) -> DescribeStatement {
        advance()
        let full = acceptKeyword("FULL")
        if acceptKeyword("CLUSTER") { return .init(target: .cluster, full: full) }
        if acceptKeyword("KEYSPACES") { return .init(target: .keyspaces, full: full) }
        if acceptKeyword("SCHEMA") { return .init(target: .schema, full: full) }
        if acceptKeyword("TABLES") || acceptKeyword("COLUMNFAMILIES") { return .init(target: .tables, full: full) }
        if acceptKeyword("TYPES") { return .init(target: .types, full: full) }
        if acceptKeyword("FUNCTIONS") { return .init(target: .functions, full: full) }
        if acceptKeyword("AGGREGATES") { return .init(target: .aggregates, full: full) }
        if acceptKeyword("KEYSPACE") {
            let name = current.kind == .end || current.isSymbol(";") ? nil : try identifier("a keyspace name")
            return .init(target: .keyspace(name), full: full)
        }
        if acceptKeyword("TABLE") || acceptKeyword("COLUMNFAMILY") { return .init(target: .table(try tableName()), full: full) }
        return .init(target: .object(try tableName()), full: full)
    }

    // MARK: Tokens

    var current: Token { tokens[position] }

    func peek(_ offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func error(_ message: String, at token: Token? = nil) -> CQLSyntaxError {
        let token = token ?? current
        return CQLSyntaxError(line: token.line, column: token.column, message: message)
    }

    mutating func acceptKeyword(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    /// Consumes `keyword` or throws "expected KEYWORD \(context) but found ...".
    mutating func expectKeyword(_ keyword: String, _ context: String) throws(CQLSyntaxError) {
        guard acceptKeyword(keyword) else {
            throw error("expected \(keyword) \(context) but found \(current.shown)")
        }
    }

    mutating func acceptSymbol(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expectSymbol(_ symbol: String, _ context: String) throws(CQLSyntaxError) {
        guard acceptSymbol(symbol) else {
            throw error("expected '\(symbol)' \(context) but found \(current.shown)")
        }
    }

    /// Whether the current token can name something (not a reserved keyword).
    var atIdentifier: Bool {
        current.kind == .quotedIdentifier || (current.kind == .identifier && !CQLKeywords.reserved.contains(current.text.uppercased()))
    }

    /// A keyspace, table or column name: lower-cased unless quoted.
    mutating func identifier(_ what: String) throws(CQLSyntaxError) -> String {
        let token = current
        switch token.kind {
        case .quotedIdentifier:
            advance()
            return token.value
        case .identifier where !CQLKeywords.reserved.contains(token.text.uppercased()):
            advance()
            return token.text.lowercased()
        case .identifier:
            throw error("expected \(what) but found the reserved keyword \(token.text.uppercased()) (write it in double quotes to use it as a name)")
        default:
            throw error("expected \(what) but found \(token.shown)")
        }
    }

    /// `[ks.]name`.
    mutating func tableName() throws(CQLSyntaxError) -> TableName {
        let first = try identifier("a table name")
        if acceptSymbol(".") { return TableName(keyspace: first, try identifier("a table name after '\(first).'")) }
        return TableName(first)
    }

    /// `IF EXISTS`, if there.
    mutating func ifExistsClause() throws(CQLSyntaxError) -> Bool {
        guard acceptKeyword("IF") else { return false }
        try expectKeyword("EXISTS", "after IF")
        return true
    }

    /// `IF NOT EXISTS`, if there.
    mutating func ifNotExistsClause() throws(CQLSyntaxError) -> Bool {
        guard current.isKeyword("IF"), peek(1).isKeyword("NOT") else { return false }
        advance(); advance()
        try expectKeyword("EXISTS", "after IF NOT")
        return true
    }

    /// `( item, item, ... )`.
    mutating func parenthesized<T>(_ what: String, _ item: (inout CQLParser) throws(CQLSyntaxError) -> T) throws(CQLSyntaxError) -> [T] {
        try expectSymbol("(", "before \(what)")
        var items: [T] = []
        if acceptSymbol(")") { return items }
        repeat { items.append(try item(&self)) } while acceptSymbol(",")
        try expectSymbol(")", "after \(what)")
        return items
    }
}
