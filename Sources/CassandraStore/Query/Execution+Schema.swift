import CQL
import CQLProtocol
import Contracts
import Foundation

/// CREATE/DROP KEYSPACE, CREATE/DROP TABLE, TRUNCATE.
extension Execution {
    func createKeyspace(_ create: CreateKeyspaceStatement) throws -> ResultMessage {
        let name = create.keyspace
        guard !SystemTables.systemKeyspaces.contains(name) else { throw CQLError.alreadyExists(keyspace: name) }
        var replication = create.replication
        guard let strategy = replication["class"] else {
            throw CQLError(code: .configError, message: "Missing replication strategy class")
        }
        let known = ["SimpleStrategy", "NetworkTopologyStrategy", "LocalStrategy"]
        guard let short = known.first(where: { strategy == $0 || strategy == "org.apache.cassandra.locator.\($0)" }) else {
            throw CQLError(code: .configError, message: "Unable to find replication strategy class '\(strategy)'")
        }
        replication["class"] = "org.apache.cassandra.locator.\(short)"
        let created: Bool = try processor.catalog.update { keyspaces in
            if keyspaces[name] != nil {
                if create.ifNotExists { return false }
                throw CQLError.alreadyExists(keyspace: name)
            }
            keyspaces[name] = KeyspaceMetadata(name: name, replication: replication, durableWrites: create.durableWrites ?? true)
            return true
        }
        let change = SchemaChange(.created, .keyspace, keyspace: name)
        if created { processor.schemaChanged(change) }
        return .schemaChange(change)
    }

    func dropKeyspace(_ drop: DropKeyspaceStatement) throws -> ResultMessage {
        let name = drop.keyspace
        guard !SystemTables.systemKeyspaces.contains(name) else {
            throw CQLError(code: .unauthorized, message: "\(name) keyspace is not user-modifiable")
        }
        let dropped: KeyspaceMetadata? = try processor.catalog.update { keyspaces in
            guard let existing = keyspaces.removeValue(forKey: name) else {
                if drop.ifExists { return nil }
                throw CQLError(code: .configError, message: "Cannot drop non existing keyspace '\(name)'.")
            }
            return existing
        }
        let change = SchemaChange(.dropped, .keyspace, keyspace: name)
        if let dropped {
            for table in dropped.tables.values { try processor.engine.drop(table) }
            processor.schemaChanged(change)
        }
        return .schemaChange(change)
    }

    func createTable(_ create: CreateTableStatement) throws -> ResultMessage {
        let keyspace = try keyspace(of: create.table)
        let name = create.table.name
        guard !SystemTables.systemKeyspaces.contains(keyspace) else {
            throw CQLError(code: .unauthorized, message: "\(keyspace) keyspace is not user-modifiable")
        }
        let metadata = try tableMetadata(create, keyspace: keyspace)
        let created: Bool = try processor.catalog.update { keyspaces in
            guard keyspaces[keyspace] != nil else { throw CQLError.invalid("Keyspace '\(keyspace)' does not exist") }
            if keyspaces[keyspace]!.tables[name] != nil {
                if create.ifNotExists { return false }
                throw CQLError.alreadyExists(keyspace: keyspace, table: name)
            }
            keyspaces[keyspace]!.tables[name] = metadata
            return true
        }
        let change = SchemaChange(.created, .table, keyspace: keyspace, name: name)
        if created { processor.schemaChanged(change) }
        return .schemaChange(change)
    }

    /// Checks a CREATE TABLE and builds the table's definition.
    func tableMetadata(_ create: CreateTableStatement, keyspace: String) throws -> TableMetadata {
        var seen = Set<String>()
        for column in create.columns where !seen.insert(column.name).inserted {
            throw CQLError.invalid("Multiple definition of identifier \(column.name)")
        }
        guard !create.partitionKey.isEmpty else {
            throw CQLError.invalid("No PRIMARY KEY specifed for table '\(create.table.name)' (exactly one required)")
        }
        for key in create.partitionKey + create.clusteringColumns where create.type(of: key) == nil {
            throw CQLError.invalid("Unknown definition \(key) referenced in PRIMARY KEY")
        }
        for ordering in create.clusteringOrder where !create.clusteringColumns.contains(ordering.column) {
            throw CQLError.invalid("Only clustering key columns can be defined in CLUSTERING ORDER directive: \(ordering.column)")
        }
        var columns: [ColumnMetadata] = []
        for column in create.columns {
            if let position = create.partitionKey.firstIndex(of: column.name) {
                columns.append(ColumnMetadata(name: column.name, type: column.type, kind: .partitionKey, position: position))
            } else if let position = create.clusteringColumns.firstIndex(of: column.name) {
                columns.append(ColumnMetadata(name: column.name, type: column.type, kind: .clustering, position: position,
                                              descending: create.order(of: column.name) == .descending))
            } else {
                columns.append(ColumnMetadata(name: column.name, type: column.type, kind: column.isStatic ? .static : .regular, position: -1))
            }
        }
        for key in columns where key.kind.isPrimaryKey {
            switch key.type {
            case .list, .set, .map:
                throw CQLError.invalid("Invalid non-frozen collection type for PRIMARY KEY component \(key.name)")
            default: break
            }
        }
        var metadata = TableMetadata(keyspace: keyspace, name: create.table.name, columns: columns)
        if let ttl = create.options["default_time_to_live"] { metadata.defaultTimeToLive = try integer(ttl, for: "default_time_to_live") }
        if let grace = create.options["gc_grace_seconds"] { metadata.gcGraceSeconds = try integer(grace, for: "gc_grace_seconds") }
        if case .string(let comment)? = create.options["comment"] { metadata.comment = comment }
        return metadata
    }

    func dropTable(_ drop: DropTableStatement) throws -> ResultMessage {
        let keyspace = try keyspace(of: drop.table)
        let name = drop.table.name
        let dropped: TableMetadata? = try processor.catalog.update { keyspaces in
            guard keyspaces[keyspace] != nil else {
                if drop.ifExists { return nil }
                throw CQLError.invalid("Keyspace '\(keyspace)' does not exist")
            }
            guard let table = keyspaces[keyspace]!.tables.removeValue(forKey: name) else {
                if drop.ifExists { return nil }
                throw CQLError.invalid("Table '\(keyspace).\(name)' doesn't exist")
            }
            return table
        }
        let change = SchemaChange(.dropped, .table, keyspace: keyspace, name: name)
        if let dropped {
            try processor.engine.drop(dropped)
            processor.schemaChanged(change)
        }
        return .schemaChange(change)
    }

    /// TRUNCATE: the table keeps its definition; its files go, and it reopens empty.
    func truncate(_ truncate: TruncateStatement) throws -> ResultMessage {
        let table = try userTable(truncate.table)
        try processor.engine.drop(table)
        return .void
    }
}
