import Contracts
import LabKit
import NotebookData

extension NotebookSuite {
    /// Step 2: batch SQL in SQLite.
    static let batchStep = Step<any NotebookLab>(
        2, "Batch cells: SQL in SQLite over the source tables",
        file: "Labs/Notebook/BatchQuery.swift", function: "BatchQuery.run, quoted",
        hints: [
            "quoted: \"\\\"\" + name with every \" doubled + \"\\\"\". Use it for every table and column name: names come from the data, not from you.",
            "For each table: execute DROP TABLE IF EXISTS name, then CREATE TABLE name (col1, col2, …): SQLite columns need no type.",
            "Insert with one prepared statement text, INSERT INTO name VALUES (?, ?, …), executed once per row with the row as parameters, all inside database.transaction { … } (one commit, not one per row).",
            "Finally return try database.query(sql): a wrong query throws SQLite's own message, which the notebook shows in the cell.",
        ],
        reading: "Labs/Notebook/README.md#step-2-batch-cells-sql-in-sqlite-over-the-source-tables"
    ) { lab, _ in
        let chirps = DataTable(name: "chirps", columns: ["user", "hashtag", "likes"], rows: [
            [.integer(1), .text("swift"), .integer(3)], [.integer(2), .text("kafka"), .integer(1)],
            [.integer(3), .text("swift"), .real(2.5)], [.integer(1), .null, .integer(0)],
        ])
        let database = try SQLiteDatabase()
        let top = try attempt("runBatch") {
            try lab.runBatch("SELECT hashtag, COUNT(*) AS n, SUM(likes) AS likes FROM chirps WHERE hashtag IS NOT NULL GROUP BY hashtag ORDER BY n DESC",
                             over: [chirps], in: database)
        }
        try expectEqual(top, DataTable(columns: ["hashtag", "n", "likes"], rows: [[.text("swift"), .integer(2), .real(5.5)], [.text("kafka"), .integer(1), .integer(1)]]),
                        "runBatch(SELECT hashtag, COUNT(*) … GROUP BY hashtag, over chirps)")
        try expectEqual(try lab.runBatch("SELECT COUNT(*) AS nulls FROM chirps WHERE hashtag IS NULL", over: [], in: database),
                        DataTable(columns: ["nulls"], rows: [[.integer(1)]]), "runBatch(… WHERE hashtag IS NULL) (NULL stays NULL)")
        let fewer = DataTable(name: "chirps", columns: ["user", "hashtag", "likes"], rows: [[.integer(9), .text("mesos"), .integer(7)]])
        try expectEqual(try lab.runBatch("SELECT * FROM chirps", over: [fewer], in: database),
                        DataTable(columns: ["user", "hashtag", "likes"], rows: [[.integer(9), .text("mesos"), .integer(7)]]),
                        "runBatch(SELECT * FROM chirps) with chirps loaded again (the old rows are gone)")
        let odd = DataTable(name: "my \"odd\" table", columns: ["select", "a b", "o'clock"], rows: [[.text("it's"), .integer(1), .integer(5)]])
        try expectEqual(try lab.runBatch(#"SELECT "select", "a b", "o'clock" FROM "my ""odd"" table""#, over: [odd], in: database),
                        DataTable(columns: ["select", "a b", "o'clock"], rows: [[.text("it's"), .integer(1), .integer(5)]]),
                        "runBatch over a table named my \"odd\" table with columns select, a b and o'clock (quote every name in double quotes)")
        let joined = DataTable(name: "users", columns: ["user", "name"], rows: [[.integer(1), .text("ada")], [.integer(2), .text("grace")]])
        let watched = TransactionWatch(database)
        try expectEqual(try lab.runBatch("SELECT name, COUNT(*) AS posts FROM chirps c JOIN users u ON c.user = u.user GROUP BY name ORDER BY name",
                                         over: [chirps, joined], in: watched),
                        DataTable(columns: ["name", "posts"], rows: [[.text("ada"), .integer(2)], [.text("grace"), .integer(1)]]),
                        "runBatch(… chirps JOIN users …) over two tables")
        try expect(watched.inserts > 0 && watched.insertsOutside == 0,
                   "runBatch over two tables of 4 and 2 rows ran \(watched.inserts) INSERTs, \(watched.insertsOutside) of them outside a transaction: insert each table's rows inside database.transaction { … }")
        try expect(watched.transactions <= 2,
                   "runBatch over two tables of 4 and 2 rows committed \(watched.transactions) transactions: one per table (each a single commit), not one per row")
        let error = try expectError("runBatch(SELECT * FROM nowhere)") { try lab.runBatch("SELECT * FROM nowhere", over: [], in: database) }
        try expect("\(error)".contains("no such table: nowhere"), "runBatch(SELECT * FROM nowhere) should throw SQLite's error (no such table: nowhere), got \(error)")
    }
}

/// The database `runBatch` gets, noting which INSERTs ran inside a
/// transaction (`transaction { … }`, or BEGIN … COMMIT) and how many there were.
final class TransactionWatch: SQLDatabase {
    let database: any SQLDatabase
    private(set) var inserts = 0, insertsOutside = 0, transactions = 0
    private var depth = 0

    init(_ database: any SQLDatabase) { self.database = database }

    func execute(_ sql: String, _ parameters: [CellValue]) throws {
        let verb = sql.drop { $0 == " " }.prefix { $0.isLetter }.uppercased()
        if verb == "INSERT" {
            inserts += 1
            if depth == 0 { insertsOutside += 1 }
        }
        try database.execute(sql, parameters)
        if verb == "BEGIN" { depth += 1; transactions += 1 }
        if verb == "COMMIT" || verb == "END" { depth = max(0, depth - 1) }
    }

    func query(_ sql: String) throws -> DataTable { try database.query(sql) }

    func transaction(_ body: () throws -> Void) throws {
        transactions += 1
        depth += 1
        defer { depth -= 1 }
        try database.transaction(body)
    }
}
