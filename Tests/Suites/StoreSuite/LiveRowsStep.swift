import Contracts
import Foundation
import LabKit

extension StoreSuite {
    /// Step 4: deletions and TTLs applied to hand-built partitions.
    static let liveRowsStep = Step<any StoreLab>(
        4, "Deletes and expiry",
        file: "Labs/Store/LiveRows.swift", function: "LiveRows.deletion(covering:in:) and LiveRows.rows(of:in:now:)",
        hints: [
            "deletion(covering: row, in: partition): the newest (Reconcile.newer) of the partition's deletion, the row's own deletion and every range tombstone whose range.contains(row.clustering).",
            "A deletion shadows what was written at or before it: deletion.deletes(timestamp). A cell is live if cell.isLive(now:) (a value, not expired) and not shadowed; the marker if liveness.isLive(now:) and not shadowed.",
            "A row is live if its marker is live (an INSERT: the row exists even with every column null) or any cell is (an UPDATE writes no marker). Return Row(clustering:, liveness: the marker if live else nil, cells: the live cells), for rows in range.contains(_:), in order.",
        ],
        reading: "Labs/Store/README.md#step-4-deletes-and-expiry"
    ) { lab, _ in
        func rows(_ partition: Partition, _ range: ClusteringRange = .all, now: Int64 = StoreSuite.now, _ what: String) throws -> [Row] {
            try attempt("liveRows(of: \(what))") { try lab.liveRows(of: partition, in: range, now: now) }
        }
        func live(_ c: Int, marker: Int64? = nil, _ cells: [String: Cell]) -> Row {
            Row(clustering: clustering(c), liveness: marker.map { LivenessInfo(timestamp: $0) }, cells: cells)
        }
        func check(_ partition: Partition, range: ClusteringRange = .all, now: Int64 = StoreSuite.now, _ what: String, _ expected: [Row]) throws {
            let got = try rows(partition, range, now: now, what)
            if got != expected {
                throw CheckFailure("liveRows(of: \(what)) returned \(brief(got)), expected \(brief(expected)) (marker = a live row marker)")
            }
        }
        let k = key(1)
        // Plain rows, and clustering slices.
        let plain = Partition(key: k, rows: (1...5).map { Row(clustering: clustering($0), liveness: LivenessInfo(timestamp: 10), cells: ["v": cell("r\($0)", at: 10)]) })
        try check(plain, "five inserted rows", (1...5).map { live($0, marker: 10, ["v": cell("r\($0)", at: 10)]) })
        let from2to4 = ClusteringRange(start: .init(prefix: clustering(2).bytes, inclusive: true), end: .init(prefix: clustering(4).bytes, inclusive: false))
        try check(plain, range: from2to4, "five rows, in the slice [2, 4)", (2...3).map { live($0, marker: 10, ["v": cell("r\($0)", at: 10)]) })

        // A partition deletion shadows what is older, not what is newer.
        var deleted = plain
        deleted.deletion = deletion(at: 10)
        try check(deleted, "five rows written at 10 under a partition deletion at 10", [])
        deleted.rows[2].cells["w"] = cell("after", at: 11)
        try check(deleted, "the same, with row 3 updated at 11 (no marker)", [live(3, ["w": cell("after", at: 11)])])

        // A range tombstone shadows the rows it covers.
        var sliced = plain
        sliced.rangeTombstones = [RangeTombstone(range: from2to4, deletion: deletion(at: 20))]
        try check(sliced, "five rows and a range tombstone over [2, 4) at 20",
                  [1, 4, 5].map { live($0, marker: 10, ["v": cell("r\($0)", at: 10)]) })
        let prefixed = Partition(key: k, rangeTombstones: [RangeTombstone(range: .prefix([0]), deletion: deletion(at: 20))],
                                 rows: [Row(clustering: Clustering([0, 7]), liveness: LivenessInfo(timestamp: 10)),
                                        Row(clustering: Clustering([1, 0]), liveness: LivenessInfo(timestamp: 10))])
        try check(prefixed, "a range tombstone over the prefix 0x00, and rows 0x0007 and 0x0100",
                  [Row(clustering: Clustering([1, 0]), liveness: LivenessInfo(timestamp: 10))])

        // A row tombstone shadows its row's older marker and cells; newer cells survive.
        let rowDeleted = Partition(key: k, rows: [
            Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 10), deletion: deletion(at: 15),
                cells: ["a": cell("old", at: 10), "b": cell("new", at: 16)]),
            Row(clustering: clustering(2), liveness: LivenessInfo(timestamp: 10), deletion: deletion(at: 15),
                cells: ["a": cell("old", at: 12)]),
        ])
        try check(rowDeleted, "rows deleted at 15, row 1 with a cell written at 16", [live(1, ["b": cell("new", at: 16)])])

        // Tombstone cells are not live; a marker keeps a row alive; an UPDATE's row lives by its cells.
        let mixed = Partition(key: k, rows: [
            Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 10), cells: ["a": tombstone(at: 11)]),
            Row(clustering: clustering(2), cells: ["a": tombstone(at: 11), "b": cell("b", at: 10)]),
            Row(clustering: clustering(3), cells: ["a": tombstone(at: 11)]),
        ])
        try check(mixed, "row 1 with a marker and a null column, row 2 updated with one null and one value, row 3 with only a null",
                  [live(1, marker: 10, [:]), live(2, ["b": cell("b", at: 10)])])

        // TTL: expired cells and markers are not live.
        let ttl = Partition(key: k, rows: [
            Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 10, expiresAt: now),
                cells: ["a": cell("gone", at: 10, expiresAt: now), "b": cell("stays", at: 10, expiresAt: now + 1)]),
            Row(clustering: clustering(2), liveness: LivenessInfo(timestamp: 10, expiresAt: now - 5),
                cells: ["a": cell("gone", at: 10, expiresAt: now - 5)]),
            Row(clustering: clustering(3), liveness: LivenessInfo(timestamp: 10, expiresAt: now + 60),
                cells: ["a": cell("gone", at: 10, expiresAt: now)]),
        ])
        try check(ttl, now: now, "rows with TTLs at now (a cell expiring at now is expired)",
                  [live(1, ["b": cell("stays", at: 10, expiresAt: now + 1)]),
                   Row(clustering: clustering(3), liveness: LivenessInfo(timestamp: 10, expiresAt: now + 60))])
        try check(ttl, now: now - 10, "the same rows ten seconds earlier",
                  [Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 10, expiresAt: now),
                       cells: ["a": cell("gone", at: 10, expiresAt: now), "b": cell("stays", at: 10, expiresAt: now + 1)]),
                   Row(clustering: clustering(2), liveness: LivenessInfo(timestamp: 10, expiresAt: now - 5),
                       cells: ["a": cell("gone", at: 10, expiresAt: now - 5)]),
                   Row(clustering: clustering(3), liveness: LivenessInfo(timestamp: 10, expiresAt: now + 60),
                       cells: ["a": cell("gone", at: 10, expiresAt: now)])])

        // Everything at once, on a merged partition.
        let merged = try lab.merge(plain, Partition(key: k, deletion: deletion(at: 5), rangeTombstones: [
            RangeTombstone(range: .prefix(clustering(5).bytes), deletion: deletion(at: 30)),
        ], rows: [Row(clustering: clustering(1), deletion: deletion(at: 12), cells: ["v": cell("again", at: 13)])]))
        try check(merged, "five rows merged with a partition deletion at 5, a range tombstone on row 5 at 30 and row 1 deleted at 12, then written at 13",
                  [live(1, ["v": cell("again", at: 13)])] + (2...4).map { live($0, marker: 10, ["v": cell("r\($0)", at: 10)]) })
    }
}
