import CQL
import CQLProtocol
import Contracts
import Foundation

/// One statement being run: its session, bound values and write timestamp.
struct Execution {
    let processor: QueryProcessor
    let session: CQLSession
    let bindings: Bindings
    let options: ExecutionOptions
    /// Write time in µs (USING TIMESTAMP overrides it per statement).
    let timestamp: Int64
    /// Now, in seconds since the epoch: TTLs and tombstones are measured by it.
    var nowSeconds: Int64 { Int64(Date().timeIntervalSince1970) }

    func run(_ statement: Statement) async throws -> ResultMessage {
        switch statement {
        case .createKeyspace(let create): return try createKeyspace(create)
        case .dropKeyspace(let drop): return try dropKeyspace(drop)
        case .createTable(let create): return try createTable(create)
        case .dropTable(let drop): return try dropTable(drop)
        case .truncate(let truncate): return try self.truncate(truncate)
        case .use(let use):
            guard processor.catalog.keyspace(use.keyspace) != nil || SystemTables.systemKeyspaces.contains(use.keyspace) else {
                throw CQLError.invalid("Keyspace '\(use.keyspace)' does not exist")
            }
            session.keyspace = use.keyspace
            return .setKeyspace(use.keyspace)
        case .select(let select): return try self.select(select)
        case .insert(let insert) where insert.ifNotExists: return try await insertIfNotExists(insert)
        case .insert, .update, .delete, .batch:
            for (table, partitions) in try mutations(of: statement, inBatch: false) {
                try await table.write(partitions)
            }
            return .void
        case .describe:
            throw CQLError.invalid("DESCRIBE is answered by cqlsh's own metadata; this server does not run it")
        }
    }

    // MARK: - Names

    /// The keyspace a statement means: its own, or the session's.
    func keyspace(of name: TableName) throws -> String {
        guard let keyspace = name.keyspace ?? session.keyspace else {
            throw CQLError.invalid("No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename")
        }
        return keyspace
    }

    /// A table the user created (system tables are read-only and not here).
    func userTable(_ name: TableName) throws -> TableMetadata {
        let keyspace = try keyspace(of: name)
        if SystemTables.systemKeyspaces.contains(keyspace) {
            throw CQLError.invalid("\(keyspace) keyspace is not user-modifiable")
        }
        guard let keyspaceMetadata = processor.catalog.keyspace(keyspace) else {
            throw CQLError.invalid("Keyspace '\(keyspace)' does not exist")
        }
        guard let table = keyspaceMetadata.tables[name.name] else {
            throw CQLError.invalid("unconfigured table \(name.name)")
        }
        return table
    }

    func column(_ name: String, of table: TableMetadata) throws -> ColumnMetadata {
        table.columns[try Self.columnIndex(name, of: table)]
    }

    /// Where column `name` is in `table.columns`.
    static func columnIndex(_ name: String, of table: TableMetadata) throws -> Int {
        guard let index = table.columns.firstIndex(where: { $0.name == name }) else {
            throw CQLError.invalid("Undefined column name \(name) in table \(table.keyspace).\(table.name)")
        }
        return index
    }

    // MARK: - Terms

    /// A term's value as `type`: a literal converted, or a bound value decoded.
    func evaluate(_ term: Term, as type: CQLType, for what: String) throws -> Evaluated {
        do {
            switch try TermConverter(bindings: bindings).value(of: term, as: type, for: what) {
            case nil: return .unset
            case .null?: return .null
            case let value?: return .value(value)
            }
        } catch {
            throw CQLError.invalid(error.message)
        }
    }

    /// A value that must be there (keys, LIMIT, TTL): null and unset are errors.
    func required(_ term: Term, as type: CQLType, for what: String) throws -> CQLValue {
        guard let value = try evaluate(term, as: type, for: what).value else {
            throw CQLError.invalid("Invalid null value for \(what)")
        }
        return value
    }

    /// A non-negative integer setting (LIMIT, TTL).
    func integer(_ term: Term, as type: CQLType = .int, for what: String) throws -> Int {
        switch try required(term, as: type, for: what) {
        case .int(let value): Int(value)
        case .bigint(let value): Int(value)
        default: throw CQLError.invalid("Invalid \(what)")
        }
    }
}
