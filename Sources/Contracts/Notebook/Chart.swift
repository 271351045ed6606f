import Foundation

/// How a cell's table is drawn.
public struct ChartSpec: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// One bar per row: categories along x.
        case bar
        /// A polyline through the rows in order: numbers (time) along x.
        case line
    }

    public var kind: Kind
    /// The column along the x axis.
    public var x: String
    /// The column along the y axis (numbers).
    public var y: String
    public var title: String
    /// The SVG's size in pixels.
    public var width: Int
    public var height: Int

    public init(kind: Kind, x: String, y: String, title: String = "", width: Int = 640, height: Int = 320) {
        self.kind = kind
        self.x = x
        self.y = y
        self.title = title
        self.width = width
        self.height = height
    }
}

extension ChartSpec {
    /// Reads a chart line from a cell: `-- chart: bar x=hashtag y=count title="Top hashtags"`.
    /// Nil when the cell has none; throws when the line is there but wrong.
    public static func directive(in source: String) throws -> ChartSpec? {
        guard let line = source.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("-- chart:") }) else {
            return nil
        }
        let text = line.trimmingCharacters(in: .whitespaces).dropFirst("-- chart:".count)
        var words: [String] = []
        var current = "", quoted = false
        for character in text {
            if character == "\"" { quoted.toggle(); continue }
            if character == " " && !quoted {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        guard let first = words.first, let kind = Kind(rawValue: first.lowercased()) else {
            throw ChartDirectiveError("a chart line starts with bar or line: -- chart: bar x=COLUMN y=COLUMN")
        }
        var options: [String: String] = [:]
        for word in words.dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ChartDirectiveError("\"\(word)\" is not name=value") }
            options[String(parts[0]).lowercased()] = String(parts[1])
        }
        guard let x = options["x"], let y = options["y"] else { throw ChartDirectiveError("a chart needs x=COLUMN and y=COLUMN") }
        return ChartSpec(kind: kind, x: x, y: y, title: options["title"] ?? "",
                         width: options["width"].flatMap(Int.init) ?? 640, height: options["height"].flatMap(Int.init) ?? 320)
    }
}

/// A wrong `-- chart:` line.
public struct ChartDirectiveError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A live cell's view of a streaming query (step 4): the rows an `EMIT
/// CHANGES` query has emitted so far, one per key, as a table to draw.
public protocol LiveView: Sendable {
    /// Applies a batch of changed rows: each replaces the row with the same key (or is added).
    mutating func apply(_ changes: [[CellValue]]) throws
    /// The current table: sorted by the order column, descending (ties in the order their keys were first seen), at most `limit` rows.
    func table() throws -> DataTable
    /// The table to push now, or nil: only when something changed since the
    /// last frame and at least `minFrameIntervalMs` have passed since it.
    mutating func frame(now: Int64) throws -> DataTable?
}

/// What a live view keeps.
public struct LiveViewSpec: Equatable, Sendable {
    /// The query's columns.
    public var columns: [String]
    /// The columns that identify a row (its GROUP BY keys).
    public var keyColumns: [String]
    /// The column to sort by (descending); nil keeps first-seen order.
    public var orderBy: String?
    /// The most rows to show.
    public var limit: Int
    /// The least time between two frames (the server uses 100 ms: up to 10 frames a second).
    public var minFrameIntervalMs: Int64

    public init(columns: [String], keyColumns: [String], orderBy: String?, limit: Int, minFrameIntervalMs: Int64) {
        self.columns = columns
        self.keyColumns = keyColumns
        self.orderBy = orderBy
        self.limit = limit
        self.minFrameIntervalMs = minFrameIntervalMs
    }
}
