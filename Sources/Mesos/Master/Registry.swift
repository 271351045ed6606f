import CSQLite
import Foundation

/// Thrown when the registry's database fails.
public struct RegistryError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The master's registry: what it must remember across a restart, in SQLite
/// (`registry.db` in the master's data directory). Frameworks (their info),
/// agents (their info) and tasks (their TaskInfo and latest status) are
/// written through on every change, each change a committed transaction, so
/// a `kill -9`ed master loses nothing it acted on.
public final class Registry: @unchecked Sendable {
    /// A framework as remembered.
    public struct FrameworkRecord: Sendable {
        public var id: String
        public var info: FrameworkInfo
    }

    /// An agent as remembered.
    public struct AgentRecord: Sendable {
        public var id: String
        public var info: AgentInfo
    }

    /// A task as remembered.
    public struct TaskRecord: Sendable {
        public var frameworkID: String
        public var info: TaskInfo
        public var status: MesosTaskStatus
    }

    private var db: OpaquePointer?
    private let lock = NSLock()

    /// Opens (creating) the registry in `directory`.
    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("registry.db").path
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw RegistryError(description: "cannot open \(path)") }
        try exec("PRAGMA journal_mode=WAL")
        try exec("PRAGMA synchronous=FULL")
        try exec("CREATE TABLE IF NOT EXISTS frameworks (id TEXT PRIMARY KEY, info TEXT NOT NULL)")
        try exec("CREATE TABLE IF NOT EXISTS agents (id TEXT PRIMARY KEY, info TEXT NOT NULL)")
        try exec("""
            CREATE TABLE IF NOT EXISTS tasks (framework_id TEXT NOT NULL, task_id TEXT NOT NULL, info TEXT NOT NULL,
                                              status TEXT NOT NULL, PRIMARY KEY (framework_id, task_id))
            """)
    }

    deinit { sqlite3_close(db) }

    public func saveFramework(_ id: String, _ info: FrameworkInfo) throws {
        try run("INSERT OR REPLACE INTO frameworks (id, info) VALUES (?, ?)", [id, json(info)])
    }

    public func removeFramework(_ id: String) throws {
        try run("DELETE FROM frameworks WHERE id = ?", [id])
        try run("DELETE FROM tasks WHERE framework_id = ?", [id])
    }

    public func saveAgent(_ id: String, _ info: AgentInfo) throws {
        try run("INSERT OR REPLACE INTO agents (id, info) VALUES (?, ?)", [id, json(info)])
    }

    public func removeAgent(_ id: String) throws {
        try run("DELETE FROM agents WHERE id = ?", [id])
    }

    public func saveTask(frameworkID: String, _ info: TaskInfo, status: MesosTaskStatus) throws {
        try run("INSERT OR REPLACE INTO tasks (framework_id, task_id, info, status) VALUES (?, ?, ?, ?)",
                [frameworkID, info.taskId.value, json(info), json(status)])
    }

    public func removeTask(frameworkID: String, taskID: String) throws {
        try run("DELETE FROM tasks WHERE framework_id = ? AND task_id = ?", [frameworkID, taskID])
    }

    public func frameworks() throws -> [FrameworkRecord] {
        try query("SELECT id, info FROM frameworks ORDER BY id").map {
            FrameworkRecord(id: $0[0], info: try MesosJSON.decode(FrameworkInfo.self, from: Data($0[1].utf8)))
        }
    }

    public func agents() throws -> [AgentRecord] {
        try query("SELECT id, info FROM agents ORDER BY id").map {
            AgentRecord(id: $0[0], info: try MesosJSON.decode(AgentInfo.self, from: Data($0[1].utf8)))
        }
    }

    public func tasks() throws -> [TaskRecord] {
        try query("SELECT framework_id, info, status FROM tasks ORDER BY framework_id, task_id").map {
            TaskRecord(frameworkID: $0[0], info: try MesosJSON.decode(TaskInfo.self, from: Data($0[1].utf8)),
                       status: try MesosJSON.decode(MesosTaskStatus.self, from: Data($0[2].utf8)))
        }
    }

    private func json(_ value: some Encodable) -> String {
        String(decoding: MesosJSON.encode(value), as: UTF8.self)
    }

    private func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    private func run(_ sql: String, _ values: [String]) throws {
        lock.lock()
        defer { lock.unlock() }
        let statement = try prepare(sql, values)
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure(sql) }
    }

    private func query(_ sql: String) throws -> [[String]] {
        lock.lock()
        defer { lock.unlock() }
        let statement = try prepare(sql, [])
        defer { sqlite3_finalize(statement) }
        var rows: [[String]] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                rows.append((0..<sqlite3_column_count(statement)).map { column in
                    sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
                })
            case SQLITE_DONE: return rows
            default: throw failure(sql)
            }
        }
    }

    private func prepare(_ sql: String, _ values: [String]) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw failure(sql) }
        for (index, value) in values.enumerated() {
            _ = value.withCString { sqlite3_bind_text(statement, Int32(index + 1), $0, -1, sqliteTransient) }
        }
        return statement
    }

    private func failure(_ what: String) -> RegistryError {
        RegistryError(description: "registry: \(what): \(String(cString: sqlite3_errmsg(db)))")
    }
}

private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
