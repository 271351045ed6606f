import CSQLite
import Foundation

/// SQLite as the store benchmark's anchor: the same time-series rows in a
/// `WITHOUT ROWID` table keyed (user, time), WAL mode, `synchronous=FULL` (an
/// fsync per commit, like our commit log's group commit), one transaction
/// per batch, prepared statements throughout.
final class SQLiteBaseline {
    private var db: OpaquePointer?
    private var insert: OpaquePointer?
    private var point: OpaquePointer?
    private var range: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw LoadError("sqlite3_open \(path) failed") }
        try exec("PRAGMA journal_mode=WAL")
        try exec("PRAGMA synchronous=FULL")
        try exec("CREATE TABLE events (user INTEGER, time INTEGER, body TEXT, PRIMARY KEY (user, time)) WITHOUT ROWID")
        insert = try prepare("INSERT INTO events (user, time, body) VALUES (?, ?, ?)")
        point = try prepare("SELECT body FROM events WHERE user = ? AND time = ?")
        range = try prepare("SELECT time, body FROM events WHERE user = ? AND time >= ? AND time < ? ORDER BY time")
    }

    deinit {
        for statement in [insert, point, range] { sqlite3_finalize(statement) }
        sqlite3_close(db)
    }

    /// Inserts `rows` in one transaction (committed, so fsynced, when it returns).
    func insert(_ rows: ArraySlice<StoreBench.Event>) throws {
        try exec("BEGIN")
        for row in rows {
            sqlite3_bind_int64(insert, 1, row.user)
            sqlite3_bind_int64(insert, 2, row.time)
            _ = row.body.withCString { sqlite3_bind_text(insert, 3, $0, -1, SQLITE_TRANSIENT) }
            guard sqlite3_step(insert) == SQLITE_DONE else { throw error("insert") }
            sqlite3_reset(insert)
        }
        try exec("COMMIT")
    }

    /// One row by its full primary key; returns how many rows came back.
    func read(user: Int64, time: Int64) throws -> Int {
        sqlite3_bind_int64(point, 1, user)
        sqlite3_bind_int64(point, 2, time)
        return try drain(point)
    }

    /// A user's rows with time in [from, to), in time order.
    func read(user: Int64, from: Int64, to: Int64) throws -> Int {
        sqlite3_bind_int64(range, 1, user)
        sqlite3_bind_int64(range, 2, from)
        sqlite3_bind_int64(range, 3, to)
        return try drain(range)
    }

    private func drain(_ statement: OpaquePointer?) throws -> Int {
        defer { sqlite3_reset(statement) }
        var rows = 0
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: rows += 1
            case SQLITE_DONE: return rows
            default: throw error("select")
            }
        }
    }

    private func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw error(sql) }
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw error(sql) }
        return statement
    }

    private func error(_ what: String) -> LoadError {
        LoadError("SQLite: \(what): \(String(cString: sqlite3_errmsg(db)))")
    }
}

/// SQLite's "copy the text now" destructor, which Swift cannot import as a constant.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
