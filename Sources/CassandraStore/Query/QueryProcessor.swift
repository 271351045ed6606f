import CQL
import CQLProtocol
import Contracts
import Foundation

/// The query layer: parses CQL, checks it against the schema, turns writes
/// into `Partition` updates for the storage engine and reads into result
/// rows. Cassandra's `QueryProcessor`.
public final class QueryProcessor: QueryHandling, @unchecked Sendable {
    let catalog: SchemaCatalog
    let engine: StorageEngine
    let system: SystemTables
    let clock = WriteClock()
    private let lock = NSLock()
    private var parsed: [String: Statement] = [:]
    private var prepared: [[UInt8]: PreparedStatement] = [:]
    /// Told of every schema change (the server pushes it to registered clients).
    public var onSchemaChange: (@Sendable (SchemaChange) -> Void)?

    public init(catalog: SchemaCatalog, engine: StorageEngine, node: SystemTables.Node) {
        self.catalog = catalog
        self.engine = engine
        self.system = SystemTables(node: node, catalog: catalog)
    }

    public func query(_ cql: String, parameters: QueryParameters, session: CQLSession) async throws -> ResultMessage {
        let statement = try parse(cql)
        let execution = Execution(processor: self, session: session, bindings: Bindings(parameters.values, names: parameters.names),
                                  options: .init(parameters), timestamp: parameters.defaultTimestamp ?? clock.now())
        return try await execution.run(statement)
    }

    public func prepare(_ cql: String, session: CQLSession) async throws -> ResultMessage {
        let statement = try parse(cql)
        let keyspace = session.keyspace
        let id = Self.id(of: cql, keyspace: keyspace)
        let execution = Execution(processor: self, session: session, bindings: .none, options: .init(), timestamp: 0)
        let variables = try execution.variables(of: statement)
        let resultColumns = try execution.resultColumns(of: statement)
        lock.withLock { prepared[id] = PreparedStatement(statement: statement, keyspace: keyspace, variables: variables) }
        let partitionKeyIndexes = execution.partitionKeyIndexes(of: statement, variables: variables)
        return .prepared(PreparedResult(id: id, variables: variables.map(\.spec), partitionKeyIndexes: partitionKeyIndexes,
                                        resultMetadata: RowsMetadata(columns: resultColumns)))
    }

    public func execute(id: [UInt8], parameters: QueryParameters, session: CQLSession) async throws -> ResultMessage {
        guard let statement = lock.withLock({ prepared[id] }) else { throw CQLError.unprepared(id: id) }
        let execution = Execution(processor: self, session: statement.session(within: session),
                                  bindings: Bindings(parameters.values, names: parameters.names),
                                  options: .init(parameters), timestamp: parameters.defaultTimestamp ?? clock.now())
        // A USE comes back as `.setKeyspace`, which the server applies to the connection's session.
        return try await execution.run(statement.statement)
    }

    public func batch(_ batch: BatchMessage, session: CQLSession) async throws -> ResultMessage {
        let timestamp = batch.defaultTimestamp ?? clock.now()
        var updates: [UUID: (TableHandle, [Partition])] = [:]
        // A prepared INSERT's plan, worked out once for all the rows it writes in this batch.
        var plans: [[UInt8]: (TableHandle, InsertPlan)] = [:]
        for item in batch.statements {
            let statement: Statement
            var scoped = session
            switch item.query {
            case .text(let cql):
                statement = try parse(cql)
            case .prepared(let id):
                guard let found = lock.withLock({ prepared[id] }) else { throw CQLError.unprepared(id: id) }
                statement = found.statement
                scoped = found.session(within: session)
            }
            let execution = Execution(processor: self, session: scoped, bindings: Bindings(item.values, names: nil),
                                      options: .init(), timestamp: timestamp)
            if case .prepared(let id) = item.query, case .insert(let insert) = statement {
                let table: TableHandle, plan: InsertPlan
                if let known = plans[id] {
                    (table, plan) = known
                } else {
                    (table, plan) = try execution.insertPlan(insert)
                    plans[id] = (table, plan)
                }
                updates[table.metadata.id, default: (table, [])].1.append(try execution.insert(insert, plan: plan))
                continue
            }
            for (table, partitions) in try execution.mutations(of: statement, inBatch: true) {
                updates[table.metadata.id, default: (table, [])].1 += partitions
            }
        }
        for (table, partitions) in updates.values { try await table.write(partitions) }
        return .void
    }

    /// Parses `cql`, remembering the last thousand statements.
    func parse(_ cql: String) throws -> Statement {
        if let statement = lock.withLock({ parsed[cql] }) { return statement }
        let statement: Statement
        switch Result(catching: { () throws(CQLSyntaxError) -> Statement in try CQLParser.parse(cql) }) {
        case .success(let parsed): statement = parsed
        case .failure(let error): throw CQLError.syntaxError(error.description)
        }
        lock.withLock {
            if parsed.count >= 1_000 { parsed.removeAll(keepingCapacity: true) }
            parsed[cql] = statement
        }
        return statement
    }

    func schemaChanged(_ change: SchemaChange) {
        onSchemaChange?(change)
    }

    /// A prepared statement's id: a hash of its keyspace and text (16 bytes, like Cassandra's MD5).
    static func id(of cql: String, keyspace: String?) -> [UInt8] {
        let hash = Murmur3.hash128(Array(((keyspace ?? "") + "\u{0}" + cql).utf8))
        return withUnsafeBytes(of: hash.0.bigEndian, Array.init) + withUnsafeBytes(of: hash.1.bigEndian, Array.init)
    }
}

/// A statement prepared on this server.
struct PreparedStatement {
    let statement: Statement
    /// The session's keyspace when it was prepared.
    let keyspace: String?
    let variables: [Variable]

    /// Where it runs: the connection's keyspace, or, on a connection that has
    /// none, the keyspace it was prepared in.
    func session(within session: CQLSession) -> CQLSession {
        guard session.keyspace == nil, let keyspace else { return session }
        return CQLSession(keyspace: keyspace)
    }
}

/// A bind marker's place: its name and type, as PREPARE reports them.
struct Variable {
    var spec: ColumnSpec
    /// Set for a marker that binds a partition key column (drivers route by it).
    var partitionKeyPosition: Int?
}

/// Write timestamps in microseconds that never repeat or go back, so two
/// writes in a row are ordered even within one microsecond.
final class WriteClock: @unchecked Sendable {
    private let lock = NSLock()
    private var last: Int64 = 0

    func now() -> Int64 {
        let wall = Int64(Date().timeIntervalSince1970 * 1_000_000)
        return lock.withLock {
            last = max(last + 1, wall)
            return last
        }
    }
}

/// Per-request settings from the protocol.
struct ExecutionOptions {
    var pageSize: Int?
    var pagingState: [UInt8]?
    var skipMetadata = false

    init() {}

    init(_ parameters: QueryParameters) {
        if let size = parameters.pageSize, size > 0 { pageSize = Int(size) }
        pagingState = parameters.pagingState
        skipMetadata = parameters.skipMetadata
    }
}
