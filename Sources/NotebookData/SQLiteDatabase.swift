import CSQLite
import Contracts
import Foundation

/// Thrown by SQLite, with its own message (`no such table: x`, `near "SELEC": syntax error`).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// An in-memory SQLite database: the notebook's batch SQL engine. Each
/// browser session has its own, so sessions never see each other's tables.
public final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
    private var db: OpaquePointer?

    public init() throws {
        guard sqlite3_open(":memory:", &db) == SQLITE_OK else { throw SQLiteError(description: "cannot open an in-memory SQLite database") }
    }

    deinit { sqlite3_close(db) }

    public func execute(_ sql: String, _ parameters: [CellValue]) throws {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        for (index, value) in parameters.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .null: sqlite3_bind_null(statement, position)
            case .integer(let number): sqlite3_bind_int64(statement, position, number)
            case .real(let number): sqlite3_bind_double(statement, position, number)
            case .text(let text): _ = text.withCString { sqlite3_bind_text(statement, position, $0, -1, transient) }
            }
        }
        let result = sqlite3_step(statement)
        guard result == SQLITE_DONE || result == SQLITE_ROW else { throw failure() }
    }

    public func query(_ sql: String) throws -> DataTable {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        let count = sqlite3_column_count(statement)
        let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [[CellValue]] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                rows.append((0..<count).map { column in
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                    case SQLITE_FLOAT: .real(sqlite3_column_double(statement, column))
                    case SQLITE_NULL: .null
                    default: .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
                    }
                })
            case SQLITE_DONE: return DataTable(columns: columns, rows: rows)
            default: throw failure()
            }
        }
    }

    public func transaction(_ body: () throws -> Void) throws {
        try execute("BEGIN", [])
        do {
            try body()
            try execute("COMMIT", [])
        } catch {
            try? execute("ROLLBACK", [])
            throw error
        }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let result = sql.withCString { text in
            let code = sqlite3_prepare_v2(db, text, -1, &statement, &tail)
            if code == SQLITE_OK, let tail, tail.pointee != 0,
               !String(cString: tail).trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ";"))).isEmpty {
                return SQLITE_MISUSE
            }
            return code
        }
        if result == SQLITE_MISUSE {
            sqlite3_finalize(statement)
            throw SQLiteError(description: "one statement per cell, please (found more after the first ;)")
        }
        guard result == SQLITE_OK else { throw failure() }
        guard statement != nil else { throw SQLiteError(description: "the cell has no SQL statement") }
        return statement
    }

    private func failure() -> SQLiteError {
        SQLiteError(description: String(cString: sqlite3_errmsg(db)))
    }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
