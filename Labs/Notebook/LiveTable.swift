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

    /// Each row replaces the row with the same key values (or is added);
    /// a row with the wrong number of values throws LiveViewError.
    mutating func apply(_ changes: [[CellValue]]) throws {
        throw NotImplemented(step: 4)
    }

    /// The rows, sorted by the order column descending (ties: first seen
    /// first), at most spec.limit of them.
    func table() throws -> DataTable {
        throw NotImplemented(step: 4)
    }

    /// The table, if it changed since the last frame and that frame is
    /// minFrameIntervalMs or more ago; else nil.
    mutating func frame(now: Int64) throws -> DataTable? {
        throw NotImplemented(step: 4)
    }
}

/// A change that does not fit the view.
struct LiveViewError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
