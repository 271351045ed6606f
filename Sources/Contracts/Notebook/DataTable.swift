/// One value in a table cell.
public enum CellValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as a number (integers and reals), for charts.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        case .null, .text: nil
        }
    }

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        }
    }
}

/// A table: named columns and rows of values (a query's answer, a source's rows).
public struct DataTable: Equatable, Sendable {
    /// Its name, when it is a source (`FROM name`).
    public var name: String
    public var columns: [String]
    public var rows: [[CellValue]]

    public init(name: String = "", columns: [String], rows: [[CellValue]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// The index of `column`, if the table has it.
    public func index(of column: String) -> Int? {
        columns.firstIndex { $0.caseInsensitiveCompare(column) == .orderedSame }
    }
}

/// A SQL database to run batch cells in (the given one is SQLite, in memory).
public protocol SQLDatabase: AnyObject {
    /// Runs one statement that returns no rows (CREATE, INSERT, …), with `?` parameters bound in order.
    func execute(_ sql: String, _ parameters: [CellValue]) throws
    /// Runs one query and returns its columns and rows.
    func query(_ sql: String) throws -> DataTable
    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    func transaction(_ body: () throws -> Void) throws
}
