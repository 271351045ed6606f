import Contracts
import LabKit

extension NotebookSuite {
    /// Step 4: live views.
    static let liveStep = Step<any NotebookLab>(
        4, "Live cells: the latest row per key, pushed as frames",
        file: "Labs/Notebook/LiveTable.swift", function: "LiveTable.apply, table, frame",
        hints: [
            "apply: for each row (check row.count == spec.columns.count, else throw LiveViewError), key = keyIndices.map { row[$0] }; rows[key] = row, and append key to order if it is new. Set changed = true.",
            "table: order.map { rows[$0]! }, then (if orderIndex) sort by that value's .number descending, ties by position in order; take the first spec.limit.",
            "frame: nil unless changed; nil if lastFrame is less than minFrameIntervalMs ago. Otherwise changed = false, lastFrame = now, return table().",
        ],
        reading: "Labs/Notebook/README.md#step-4-live-cells-the-latest-row-per-key-pushed-as-frames"
    ) { lab, _ in
        func row(_ tag: String, _ count: Int64) -> [CellValue] { [.text(tag), .integer(count)] }
        var view = try attempt("makeLiveView") {
            try lab.makeLiveView(LiveViewSpec(columns: ["hashtag", "count"], keyColumns: ["hashtag"], orderBy: "count", limit: 2, minFrameIntervalMs: 100))
        }
        try attempt("apply") { try view.apply([row("a", 1), row("b", 5), row("c", 3)]) }
        try expectEqual(try attempt("table") { try view.table() }.rows, [row("b", 5), row("c", 3)], "table() after a 1, b 5, c 3 (top 2 by count)")
        try view.apply([row("a", 9)])
        try expectEqual(try view.table().rows, [row("a", 9), row("b", 5)], "table() after a changes to 9 (a row per key: replaced, not added)")
        try expectEqual(try view.table().columns, ["hashtag", "count"], "table().columns")
        try expectEqual(try attempt("frame") { try view.frame(now: 1_000) }?.rows, [row("a", 9), row("b", 5)], "frame(now: 1000) (something changed: a frame)")
        try expectEqual(try view.frame(now: 1_050)?.rows, nil, "frame(now: 1050) (nothing changed since the last frame)")
        try view.apply([row("c", 10)])
        try expectEqual(try view.frame(now: 1_050)?.rows, nil, "frame(now: 1050) after c changed (only 50 ms since the last frame; at most one per 100 ms)")
        try expectEqual(try view.frame(now: 1_100)?.rows, [row("c", 10), row("a", 9)], "frame(now: 1100)")
        try expectEqual(try view.frame(now: 5_000)?.rows, nil, "frame(now: 5000) (no change since)")
        try view.apply([row("d", 9)])
        try expectEqual(try view.table().rows, [row("c", 10), row("a", 9)], "table() after d 9 ties a 9 (ties: the key seen first comes first)")
        _ = try expectError("apply([[a]])") { try view.apply([[.text("a")]]) }

        var firstSeen = try lab.makeLiveView(LiveViewSpec(columns: ["user", "verdict", "score"], keyColumns: ["user"], orderBy: nil, limit: 10, minFrameIntervalMs: 0))
        try firstSeen.apply([[.integer(7), .text("spam"), .real(0.9)], [.integer(3), .text("ok"), .real(0.1)], [.integer(7), .text("ok"), .real(0.2)]])
        try expectEqual(try firstSeen.table().rows, [[.integer(7), .text("ok"), .real(0.2)], [.integer(3), .text("ok"), .real(0.1)]],
                        "table() with no order column (keys in the order first seen, each with its latest row)")
    }
}
