import Foundation
import Contracts

/// Step 2: a batch cell's SQL, run in SQLite over the source tables.
enum BatchQuery {
    /// Loads each table (dropping an older one of that name), then runs `sql`.
    static func run(_ sql: String, over tables: [DataTable], in database: any SQLDatabase) throws -> DataTable {
        for table in tables {
            let name = try quoted(table.name)
            try database.execute("DROP TABLE IF EXISTS \(name)", [])
            try database.execute("CREATE TABLE \(name) (\(try table.columns.map(quoted).joined(separator: ", ")))", [])
            let insert = "INSERT INTO \(name) VALUES (\(Array(repeating: "?", count: table.columns.count).joined(separator: ", ")))"
            try database.transaction {
                for row in table.rows { try database.execute(insert, row) }
            }
        }
        return try database.query(sql)
    }

    /// An SQL identifier in double quotes (a quote inside is doubled).
    static func quoted(_ name: String) throws -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
