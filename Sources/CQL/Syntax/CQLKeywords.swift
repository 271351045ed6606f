/// CQL's keywords. Keywords are case-insensitive; the reserved ones cannot
/// name a keyspace, table or column unless double-quoted (others, like
/// `key`, `ttl` or `count`, can).
public enum CQLKeywords {
    /// Cassandra's reserved keywords, upper-case.
    public static let reserved: Set<String> = [
        "ADD", "ALLOW", "ALTER", "AND", "APPLY", "ASC", "AUTHORIZE", "BATCH", "BEGIN", "BY", "COLUMNFAMILY",
        "CREATE", "DELETE", "DESC", "DESCRIBE", "DROP", "ENTRIES", "EXECUTE", "FROM", "FULL", "GRANT", "IF",
        "IN", "INDEX", "INFINITY", "INSERT", "INTO", "IS", "KEYSPACE", "LIMIT", "MODIFY", "NAN", "NORECURSIVE",
        "NOT", "NULL", "OF", "ON", "OR", "ORDER", "PRIMARY", "RENAME", "REPLACE", "REVOKE", "SCHEMA", "SELECT",
        "SET", "TABLE", "TO", "TOKEN", "TRUNCATE", "UNLOGGED", "UPDATE", "USE", "USING", "VIEW", "WHERE", "WITH",
    ]
}
