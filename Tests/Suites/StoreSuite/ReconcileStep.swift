import Contracts
import Foundation
import LabKit

extension StoreSuite {
    /// Step 1: last write wins per cell, deletions kept; a memtable merges on apply.
    static let reconcileStep = Step<any StoreLab>(
        1, "Reconcile and the memtable",
        file: "Labs/Store/Reconcile.swift, Labs/Store/Memtable.swift",
        function: "Reconcile.cells(_:_:), Reconcile.merge(into:_:) (partition and row), Memtable.apply(_:)",
        hints: [
            "cells: the greater timestamp wins. On a tie: a tombstone (value == nil) wins over a value, an expiring cell over a plain one, then the later deletion or expiry time, then the greater value (a.lexicographicallyPrecedes(b) is byte order). The answer must not depend on the order of the arguments.",
            "merge(into: &partition, update): the newer partition deletion (Reconcile.newer is given), range tombstones appended when not there already, and each of the update's rows merged into the row of the same clustering, or inserted where it keeps the rows sorted (binary search). A row merge keeps the newer marker (Reconcile.supersedes), the newer row deletion and, per column, cells(old, new).",
            "Nothing is filtered here: a value older than a deletion stays in the partition. Only reads (step 4) and compaction (step 6) apply deletions.",
            "Memtable.apply: if byKey already holds the key, merge in place: if let i = byKey.index(forKey: key) { try Reconcile.merge(into: &byKey.values[i], update) } (no copy of the partition); else store it. Then byteSize += update.estimatedSize.",
        ],
        reading: "Labs/Store/README.md#step-1-reconcile-and-the-memtable"
    ) { lab, _ in
        func one(_ cell: Cell, marker: Int64? = nil) -> Partition {
            Partition(key: key(1), rows: [Row(clustering: clustering(1), liveness: marker.map { LivenessInfo(timestamp: $0) },
                                              cells: ["v": cell])])
        }
        let cases: [(String, Cell, Cell, Cell)] = [
            ("the later timestamp wins", cell("old", at: 10), cell("new", at: 20), cell("new", at: 20)),
            ("a later value beats an older tombstone", tombstone(at: 10), cell("back", at: 11), cell("back", at: 11)),
            ("a later tombstone beats an older value", cell("gone", at: 10), tombstone(at: 11), tombstone(at: 11)),
            ("equal timestamps: the tombstone wins", cell("x", at: 10), tombstone(at: 10), tombstone(at: 10)),
            ("equal timestamps: the greater value wins", cell("apple", at: 10), cell("banana", at: 10), cell("banana", at: 10)),
            ("equal timestamps: bytes compare unsigned", Cell(value: [0x7F], timestamp: 5), Cell(value: [0x80], timestamp: 5),
             Cell(value: [0x80], timestamp: 5)),
            ("equal timestamps: an expiring cell beats a plain one", cell("z", at: 10), cell("a", at: 10, expiresAt: now + 60),
             cell("a", at: 10, expiresAt: now + 60)),
            ("equal timestamps, both expiring: the later expiry wins", cell("z", at: 10, expiresAt: now + 60),
             cell("a", at: 10, expiresAt: now + 90), cell("a", at: 10, expiresAt: now + 90)),
            ("equal timestamps, both tombstones: the later deletion time wins", tombstone(at: 10, deletedAt: now),
             tombstone(at: 10, deletedAt: now + 5), tombstone(at: 10, deletedAt: now + 5)),
        ]
        for (rule, a, b, expected) in cases {
            for (x, y) in [(a, b), (b, a)] {
                let call = "merge(a partition with cell \(x), one with cell \(y))"
                let merged = try attempt(call) { try lab.merge(one(x), one(y)) }
                try expectEqual(merged.rows.first?.cells["v"], expected, "\(call) [\(rule)]: its cell")
            }
        }

        // Rows merge column by column; markers and deletions keep the newest.
        let older = Partition(key: key(1), rows: [
            Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 5), deletion: deletion(at: 4),
                cells: ["x": cell("x5", at: 5), "y": cell("y9", at: 9)]),
        ])
        let newer = Partition(key: key(1), rows: [
            Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 7), deletion: deletion(at: 2),
                cells: ["x": cell("x6", at: 6), "z": cell("z3", at: 3)]),
        ])
        let expectedRow = Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 7), deletion: deletion(at: 4),
                              cells: ["x": cell("x6", at: 6), "y": cell("y9", at: 9), "z": cell("z3", at: 3)])
        try expectEqual(try lab.merge(older, newer).rows, [expectedRow],
                        "merge of two versions of one row (marker@5 x@5 y@9 deleted@4, and marker@7 x@6 z@3 deleted@2)")
        try expectEqual(try lab.merge(newer, older).rows, [expectedRow], "the same merge, arguments swapped")
        // Row markers with equal timestamps: the expiring one wins (Reconcile.supersedes), whichever comes first.
        let plainMarker = Partition(key: key(1), rows: [Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 7))])
        let expiringMarker = Partition(key: key(1), rows: [
            Row(clustering: clustering(1), liveness: LivenessInfo(timestamp: 7, expiresAt: now + 60)),
        ])
        for (x, y) in [(plainMarker, expiringMarker), (expiringMarker, plainMarker)] {
            try expectEqual(try lab.merge(x, y).rows.first?.liveness, LivenessInfo(timestamp: 7, expiresAt: now + 60),
                            "merge(a row with marker \(x.rows[0].liveness!), one with marker \(y.rows[0].liveness!)): its marker (on a tie the expiring one wins: Reconcile.supersedes)")
        }

        // Partitions: rows in clustering order, the newer partition deletion, range tombstones kept, nothing filtered.
        let slice = RangeTombstone(range: ClusteringRange(start: .init(prefix: clustering(5).bytes, inclusive: true)),
                                   deletion: deletion(at: 6))
        let a = Partition(key: key(1), deletion: deletion(at: 2), rows: [
            Row(clustering: clustering(1), cells: ["v": cell("a1", at: 1)]),
            Row(clustering: clustering(3), cells: ["v": cell("a3", at: 1)]),
        ])
        let b = Partition(key: key(1), deletion: deletion(at: 8), rangeTombstones: [slice], rows: [
            Row(clustering: clustering(2), cells: ["v": cell("b2", at: 9)]),
            Row(clustering: clustering(3), cells: ["w": cell("b3", at: 9)]),
        ])
        let merged = try attempt("merge(a, b)") { try lab.merge(a, b) }
        try expectEqual(merged.rows.map(\.clustering), [clustering(1), clustering(2), clustering(3)],
                        "merge(rows 1 and 3, rows 2 and 3): the clusterings of its rows (sorted, one per clustering)")
        try expectEqual(merged.rows[2].cells, ["v": cell("a3", at: 1), "w": cell("b3", at: 9)],
                        "merge(...): the cells of row 3 (both columns)")
        try expectEqual(merged.deletion, deletion(at: 8), "merge(deleted@2, deleted@8): its partition deletion")
        try expectEqual(merged.rangeTombstones, [slice], "merge(...): its range tombstones")
        try expectEqual(try lab.merge(merged, b).rangeTombstones, [slice],
                        "merge(a partition holding a range tombstone, one holding the same one): its range tombstones (once, not twice)")
        try expect(merged.rows[0].cells["v"] == cell("a1", at: 1),
                   "merge(...) dropped row 1's cell written at 1, under the partition deletion at 8: merge must not filter, reads and compaction do")

        // Many rows with many.
        let evens = Partition(key: key(2), rows: stride(from: 0, to: 300, by: 2).map { Row(clustering: clustering($0), cells: ["v": cell("e", at: 1)]) })
        let threes = Partition(key: key(2), rows: stride(from: 0, to: 300, by: 3).map { Row(clustering: clustering($0), cells: ["v": cell("t", at: 2)]) })
        let union = try lab.merge(evens, threes)
        let expected = (0..<300).filter { $0 % 2 == 0 || $0 % 3 == 0 }
        try expectEqual(union.rows.map(\.clustering), expected.map(clustering), "merge(150 even rows, 100 rows every 3): the clusterings")
        let inBoth = union.rows.filter { $0.cells["v"]?.timestamp == 2 }.map(\.clustering)
        try expect(inBoth == stride(from: 0, to: 300, by: 3).map(clustering),
                   "merge(150 even rows, 100 rows every 3): rows in both should hold the newer cell (timestamp 2)")

        // The memtable against a model of last-write-wins.
        let memtable = lab.makeMemtable()
        try expect(memtable.partition(key(1)) == nil && memtable.count == 0 && memtable.byteSize == 0,
                   "a new memtable should be empty (count 0, byteSize 0, partition(_:) nil)")
        var random = SplitMix64(seed: 42)
        var model: [PartitionKey: [Clustering: [String: Cell]]] = [:]
        var lastSize = 0
        for i in 0..<3_000 {
            let k = key(Int(random.int(in: 0...149)))
            let c = clustering(Int(random.int(in: 0...19)))
            let column = ["a", "b", "c"][Int(random.int(in: 0...2))]
            let timestamp = random.int(in: 1...500)
            let written = random.chance(0.15) ? tombstone(at: timestamp) : cell("v\(random.int(in: 0...9))", at: timestamp)
            try attempt("Memtable.apply(update \(i))") {
                try memtable.apply(Partition(key: k, rows: [Row(clustering: c, cells: [column: written])]))
            }
            try expect(memtable.byteSize > lastSize, "byteSize did not grow after apply(update \(i)) (it was \(lastSize)): count each update's estimatedSize")
            lastSize = memtable.byteSize
            let current = model[k, default: [:]][c, default: [:]][column]
            model[k, default: [:]][c, default: [:]][column] = current.map { modelWinner($0, written) } ?? written
        }
        try expectEqual(memtable.count, model.count, "count after 3000 updates to \(model.count) keys")
        let partitions = memtable.partitions
        try expectEqual(partitions.map(\.key), model.keys.sorted(), "the keys of memtable.partitions (in ring order: token, then bytes)")
        for partition in partitions {
            let rows = model[partition.key]!.sorted { $0.key < $1.key }.map { Row(clustering: $0.key, cells: $0.value) }
            try expect(partition.rows == rows,
                       "memtable.partition(\(partition.key)) after 3000 random updates holds \(partition.rows.count) rows that differ from the last-write-wins answer (\(rows.count) rows): e.g. \(zip(partition.rows, rows).first { $0 != $1 }.map { "got \($0.0), expected \($0.1)" } ?? "")")
        }
        try expectEqual(memtable.partition(key(9_999)), nil, "memtable.partition(a key never written)")
    }

    /// Last write wins, for the model: timestamp, then tombstone, then the greater value.
    static func modelWinner(_ a: Cell, _ b: Cell) -> Cell {
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp ? a : b }
        if a.isTombstone || b.isTombstone { return a.isTombstone ? a : b }
        return a.value!.lexicographicallyPrecedes(b.value!) ? b : a
    }
}
