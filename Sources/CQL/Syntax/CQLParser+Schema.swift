extension CQLParser {
    /// After `CREATE KEYSPACE`.
    mutating func createKeyspace() throws(CQLSyntaxError) -> CreateKeyspaceStatement {
        let ifNotExists = try ifNotExistsClause()
        let name = try identifier("a keyspace name")
        try expectKeyword("WITH", "after the keyspace name (as in WITH replication = {...})")
        var replication: [String: String]?
        var durableWrites: Bool?
        repeat {
            let optionToken = current
            let option = try identifier("a keyspace option name (replication or durable_writes)")
            try expectSymbol("=", "after \(option)")
            let valueToken = current
            let value = try term()
            switch option {
            case "replication":
                guard case .map(let entries) = value else { throw error("replication must be a map such as {'class': 'SimpleStrategy', 'replication_factor': 1}", at: valueToken) }
                var map: [String: String] = [:]
                for entry in entries {
                    guard let key = entry.key.constantText, let text = entry.value.constantText else {
                        throw error("replication options must be constants", at: valueToken)
                    }
                    map[key] = text
                }
                replication = map
            case "durable_writes":
                switch value {
                case .boolean(let b): durableWrites = b
                case .string(let s) where ["true", "false"].contains(s.lowercased()): durableWrites = s.lowercased() == "true"
                default: throw error("durable_writes must be true or false", at: valueToken)
                }
            default:
                throw error("unknown keyspace option '\(option)' (expected replication or durable_writes)", at: optionToken)
            }
        } while acceptKeyword("AND")
        guard let replication else { throw error("a keyspace needs WITH replication = {...}") }
        return CreateKeyspaceStatement(keyspace: name, ifNotExists: ifNotExists, replication: replication, durableWrites: durableWrites)
    }

    /// After `CREATE TABLE`.
    mutating func createTable() throws(CQLSyntaxError) -> CreateTableStatement {
        let ifNotExists = try ifNotExistsClause()
        let table = try tableName()
        try expectSymbol("(", "after the table name, to start the column list")
        var columns: [CreateTableStatement.Column] = []
        var partitionKey: [String] = []
        var clustering: [String] = []
        var keyToken: Token?
        repeat {
            if current.isKeyword("PRIMARY") {
                if keyToken != nil { throw error("the primary key is declared twice") }
                keyToken = current
                advance()
                try expectKeyword("KEY", "after PRIMARY")
                try expectSymbol("(", "after PRIMARY KEY")
                if acceptSymbol("(") {
                    repeat { partitionKey.append(try identifier("a partition key column")) } while acceptSymbol(",")
                    try expectSymbol(")", "after the partition key columns")
                } else {
                    partitionKey = [try identifier("a primary key column")]
                }
                while acceptSymbol(",") { clustering.append(try identifier("a clustering column")) }
                try expectSymbol(")", "after the primary key columns")
            } else {
                let name = try identifier("a column name or PRIMARY KEY")
                let type = try cqlType(for: name)
                let isStatic = acceptKeyword("STATIC")
                columns.append(.init(name: name, type: type, isStatic: isStatic))
                if current.isKeyword("PRIMARY") {
                    if keyToken != nil { throw error("the primary key is declared twice") }
                    keyToken = current
                    advance()
                    try expectKeyword("KEY", "after PRIMARY")
                    partitionKey = [name]
                }
            }
        } while acceptSymbol(",")
        try expectSymbol(")", "after the column definitions")
        guard keyToken != nil else { throw error("a table needs a PRIMARY KEY") }
        for column in partitionKey + clustering where !columns.contains(where: { $0.name == column }) {
            throw error("the primary key names \(column), which is not a column of the table", at: keyToken)
        }
        var order: [Ordering] = []
        var options: [String: Term] = [:]
        if acceptKeyword("WITH") {
            repeat {
                if acceptKeyword("CLUSTERING") {
                    try expectKeyword("ORDER", "after CLUSTERING")
                    try expectKeyword("BY", "after CLUSTERING ORDER")
                    order = try parenthesized("the clustering order") { (p: inout CQLParser) throws(CQLSyntaxError) in
                        try p.ordering()
                    }
                } else if acceptKeyword("COMPACT") {
                    try expectKeyword("STORAGE", "after COMPACT")
                    options["compact_storage"] = .boolean(true)
                } else {
                    let option = try identifier("a table option name")
                    try expectSymbol("=", "after \(option)")
                    options[option] = try term()
                }
            } while acceptKeyword("AND")
        }
        return CreateTableStatement(table: table, ifNotExists: ifNotExists, columns: columns, partitionKey: partitionKey,
                                    clusteringColumns: clustering, clusteringOrder: order, options: options)
    }

    /// `c [ASC | DESC]`.
    mutating func ordering() throws(CQLSyntaxError) -> Ordering {
        let column = try identifier("a column name")
        if acceptKeyword("DESC") { return Ordering(column, .descending) }
        _ = acceptKeyword("ASC")
        return Ordering(column, .ascending)
    }

    /// A column type: `int`, `varchar` (= text), `set<text>`, `map<text, frozen<list<int>>>`, `tuple<int, text>`.
    mutating func cqlType(for column: String) throws(CQLSyntaxError) -> CQLType {
        let token = current
        if token.kind == .string {
            advance()
            return .custom(token.value)
        }
        guard token.kind == .identifier else {
            throw error("expected the type of \(column) but found \(token.shown)")
        }
        advance()
        let name = token.text.lowercased()
        func parameters(_ count: Int?) throws(CQLSyntaxError) -> [CQLType] {
            try expectSymbol("<", "after \(name)")
            var types: [CQLType] = []
            repeat { types.append(try cqlType(for: column)) } while acceptSymbol(",")
            try expectSymbol(">", "to close \(name)<...>")
            if let count, types.count != count {
                throw error("\(name) takes \(count) type parameter\(count == 1 ? "" : "s") but has \(types.count)", at: token)
            }
            return types
        }
        switch name {
        case "ascii": return .ascii
        case "bigint": return .bigint
        case "blob": return .blob
        case "boolean": return .boolean
        case "counter": return .counter
        case "date": return .date
        case "decimal": return .decimal
        case "double": return .double
        case "duration": return .duration
        case "float": return .float
        case "inet": return .inet
        case "int": return .int
        case "smallint": return .smallint
        case "text", "varchar": return .text
        case "time": return .time
        case "timestamp": return .timestamp
        case "timeuuid": return .timeuuid
        case "tinyint": return .tinyint
        case "uuid": return .uuid
        case "varint": return .varint
        case "list": return .list(try parameters(1)[0])
        case "set": return .set(try parameters(1)[0])
        case "map":
            let types = try parameters(2)
            return .map(types[0], types[1])
        case "frozen": return .frozen(try parameters(1)[0])
        case "tuple": return .tuple(try parameters(nil))
        default:
            throw error("unknown type \(token.text) for \(column) (the types are ascii, bigint, blob, boolean, counter, date, decimal, double, float, inet, int, smallint, text, time, timestamp, timeuuid, tinyint, uuid, varchar, varint, list<>, set<>, map<,>, frozen<>, tuple<>)", at: token)
        }
    }
}

extension Term {
    /// The text of a string, number or boolean literal (for option maps).
    var constantText: String? {
        switch self {
        case .string(let s), .integer(let s), .float(let s): s
        case .boolean(let b): b ? "true" : "false"
        default: nil
        }
    }
}
