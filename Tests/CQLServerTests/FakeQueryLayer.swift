import CassandraStore
import Foundation
import CQL
import CQLProtocol

/// A query layer for the transport tests: it understands a handful of
/// made-up statements, each exercising one path of the server.
///
/// - `ECHO <text>`: one row, column `echo` (text) = text.
/// - `WAIT`: answers once the test opens `gate` (to force out-of-order answers).
/// - `BAD ...`: a syntax error; `CRASH`: a non-CQL error.
/// - `SELECT n FROM numbers`: ints 0..<`numbers`, paged by the request's page size.
/// - `USE <ks>`: Set_keyspace; `KEYSPACE`: one row with the session's keyspace.
/// - `BROKEN ROW`: rows whose shape does not match the columns.
/// PREPARE returns the statement text as id; EXECUTE of an id it never
/// prepared is Unprepared, else one row counting the bound values.
struct FakeQueryLayer: QueryHandling {
    struct Boom: Error, CustomStringConvertible {
        var description: String { "boom: the fake layer fell over" }
    }

    let gate = Gate()
    let numbers = 10
    let prepared = PreparedStatements()

    func query(_ cql: String, parameters: QueryParameters, session: CQLSession) async throws -> ResultMessage {
        let words = cql.split(separator: " ", maxSplits: 1).map(String.init)
        switch words.first {
        case "ECHO": return .rows(Rows(columns: [column("echo", .text)], rows: [[Array((words.last ?? "").utf8)]]))
        case "WAIT":
            await gate.wait()
            return .void
        case "BAD": throw CQLError.syntaxError("line 1:0 no viable alternative at input 'BAD'")
        case "CRASH": throw Boom()
        case "USE": return .setKeyspace((words.last ?? "").trimmingCharacters(in: ["\""]))
        case "KEYSPACE": return .rows(Rows(columns: [column("keyspace", .text)], rows: [[session.keyspace.map { Array($0.utf8) }]]))
        case "BROKEN": return .rows(Rows(columns: [column("a", .int)], rows: [[nil, nil]]))
        case "SELECT": return .rows(page(of: numbers, parameters))
        default: throw CQLError.invalid("unknown statement \(cql)")
        }
    }

    func prepare(_ cql: String, session: CQLSession) async throws -> ResultMessage {
        let id = Array(cql.utf8)
        await prepared.add(id)
        return .prepared(PreparedResult(id: id, variables: [column("v", .int)], partitionKeyIndexes: [0],
                                        resultMetadata: RowsMetadata(columns: [column("count", .int)])))
    }

    func execute(id: [UInt8], parameters: QueryParameters, session: CQLSession) async throws -> ResultMessage {
        guard await prepared.contains(id) else { throw CQLError.unprepared(id: id) }
        return .rows(Rows(columns: [column("count", .int)], rows: [[int(parameters.values.count)]]))
    }

    func batch(_ batch: BatchMessage, session: CQLSession) async throws -> ResultMessage {
        guard !batch.statements.isEmpty else { throw CQLError.invalid("empty batch") }
        return .void
    }

    /// The page of 0..<count that `parameters` asks for; the paging state is the next offset.
    private func page(of count: Int, _ parameters: QueryParameters) -> Rows {
        let start = parameters.pagingState.map { Int(decodeInt($0)) } ?? 0
        let end = min(count, start + Int(parameters.pageSize ?? Int32(count)))
        return Rows(columns: [column("n", .int)], rows: (start..<end).map { [int($0)] },
                    pagingState: end < count ? int(end) : nil)
    }

    private func column(_ name: String, _ type: CQLType) -> ColumnSpec {
        ColumnSpec(keyspace: "test", table: "fake", name: name, type: type)
    }
}

/// The ids the fake layer has prepared.
actor PreparedStatements {
    private var ids: Set<[UInt8]> = []
    func add(_ id: [UInt8]) { ids.insert(id) }
    func contains(_ id: [UInt8]) -> Bool { ids.contains(id) }
}

/// Holds `WAIT` statements until the test opens it; counts who waits.
actor Gate {
    private var open = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// How many statements wait now.
    var waiters: Int { waiting.count }

    func wait() async {
        if open { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func openGate() {
        open = true
        waiting.forEach { $0.resume() }
        waiting = []
    }
}

/// The 4 bytes of a CQL int.
func int(_ value: Int) -> [UInt8] {
    withUnsafeBytes(of: Int32(value).bigEndian, Array.init)
}

/// The value of a CQL int's 4 bytes.
func decodeInt(_ bytes: [UInt8]) -> Int32 {
    bytes.reduce(0) { $0 << 8 | Int32($1) }
}

/// The text of a CQL text cell.
func text(_ bytes: [UInt8]?) -> String? {
    bytes.map { String(decoding: $0, as: UTF8.self) }
}
