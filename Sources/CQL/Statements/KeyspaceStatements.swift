/// `CREATE KEYSPACE [IF NOT EXISTS] k WITH replication = {...} [AND durable_writes = bool]`.
public struct CreateKeyspaceStatement: Hashable, Sendable {
    public var keyspace: String
    public var ifNotExists: Bool
    /// The replication map, values as text (`{'class': 'SimpleStrategy', 'replication_factor': '1'}`),
    /// as `system_schema.keyspaces.replication` stores it.
    public var replication: [String: String]
    /// nil when not given (Cassandra's default is true).
    public var durableWrites: Bool?

    public init(keyspace: String, ifNotExists: Bool = false, replication: [String: String], durableWrites: Bool? = nil) {
        self.keyspace = keyspace
        self.ifNotExists = ifNotExists
        self.replication = replication
        self.durableWrites = durableWrites
    }
}

/// `DROP KEYSPACE [IF EXISTS] k`.
public struct DropKeyspaceStatement: Hashable, Sendable {
    public var keyspace: String
    public var ifExists: Bool

    public init(keyspace: String, ifExists: Bool = false) {
        self.keyspace = keyspace
        self.ifExists = ifExists
    }
}
