import Contracts

/// Step 4: a live cell's view of a streaming query: the latest row per key,
/// sorted and limited, pushed as frames no more often than allowed.
struct LiveTable: LiveView {
    let spec: LiveViewSpec
    private let keyIndices: [Int]
    private let orderIndex: Int?
    /// The latest row of each key, and the keys in the order first seen.
    private var rows: [[CellValue]: [CellValue]] = [:]
    private var order: [[CellValue]] = []
    private var changed = false
    private var lastFrame: Int64?

    init(_ spec: LiveViewSpec) {
        self.spec = spec
        keyIndices = spec.keyColumns.compactMap { key in spec.columns.firstIndex(of: key) }
        orderIndex = spec.orderBy.flatMap { spec.columns.firstIndex(of: $0) }
    }

    mutating func apply(_ changes: [[CellValue]]) throws {
        for row in changes {
            guard row.count == spec.columns.count else {
                throw LiveViewError("a row of \(row.count) values for \(spec.columns.count) columns")
            }
            let key = keyIndices.map { row[$0] }
            if rows.updateValue(row, forKey: key) == nil { order.append(key) }
            changed = true
        }
    }

    func table() throws -> DataTable {
        var list = order.map { rows[$0]! }
        if let orderIndex {
            let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            list.sort { a, b in
                let (x, y) = (a[orderIndex].number ?? -.infinity, b[orderIndex].number ?? -.infinity)
                if x != y { return x > y }
                return position[keyIndices.map { a[$0] }]! < position[keyIndices.map { b[$0] }]!
            }
        }
        return DataTable(columns: spec.columns, rows: Array(list.prefix(spec.limit)))
    }

    mutating func frame(now: Int64) throws -> DataTable? {
        guard changed else { return nil }
        if let lastFrame, now - lastFrame < spec.minFrameIntervalMs { return nil }
        changed = false
        lastFrame = now
        return try table()
    }
}

/// A change that does not fit the view.
struct LiveViewError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
