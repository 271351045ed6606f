import Contracts
import Foundation

/// Step 2: a batch cell's SQL, run in SQLite over the source tables.
enum BatchQuery {
    /// Loads each table into `database` under its name (drop an older one
    /// first; one column per table column; all rows in one transaction, with
    /// `?` parameters), then runs `sql` and returns its answer.
    static func run(_ sql: String, over tables: [DataTable], in database: any SQLDatabase) throws -> DataTable {
        throw NotImplemented(step: 2)
    }

    /// An SQL identifier in double quotes (a quote inside is doubled): `"my ""table"""`.
    static func quoted(_ name: String) throws -> String {
        throw NotImplemented(step: 2)
    }
}
