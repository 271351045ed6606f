import Contracts

/// Step 1: reconciliation, Cassandra's `Cells.reconcile` and `Rows.merge`:
/// two versions of the same data become one. Last write wins, cell by cell;
/// deletions are kept (the newest of each), never applied here: a read or
/// a compaction resolves them.
enum Reconcile {
    /// Step 1: the cell that wins. The greater timestamp; on a tie, as
    /// Cassandra does: a tombstone beats an expiring cell, which beats a plain
    /// value; two tombstones, the later deletion time; two expiring cells, the
    /// later expiry; then the greater value (bytes compared unsigned).
    static func cells(_ a: Cell, _ b: Cell) throws -> Cell {
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp ? a : b }
        if a.isTombstone != b.isTombstone { return a.isTombstone ? a : b }
        if (a.expiresAt != nil) != (b.expiresAt != nil) { return a.expiresAt != nil ? a : b }
        let aTime = a.localDeletionTime ?? a.expiresAt ?? 0
        let bTime = b.localDeletionTime ?? b.expiresAt ?? 0
        if aTime != bTime { return aTime > bTime ? a : b }
        return (b.value ?? []).lexicographicallyPrecedes(a.value ?? []) ? a : b
    }

    /// Step 1: merges `update` into `partition` (the same key): the newer
    /// partition deletion, every range tombstone, rows matched by clustering
    /// and merged, new rows inserted in clustering order.
    static func merge(into partition: inout Partition, _ update: Partition) throws {
        partition.deletion = newer(partition.deletion, update.deletion)
        for tombstone in update.rangeTombstones where !partition.rangeTombstones.contains(tombstone) {
            partition.rangeTombstones.append(tombstone)
        }
        if update.rows.count <= 8 || partition.rows.isEmpty {
            for row in update.rows { try insert(row, into: &partition.rows) }
        } else {
            partition.rows = try mergeSorted(partition.rows, update.rows)
        }
    }

    /// Step 1: one row merged into another of the same clustering: the newer
    /// row marker, the newer row deletion, and every column's winning cell.
    static func merge(into row: inout Row, _ update: Row) throws {
        if let liveness = update.liveness {
            if let current = row.liveness {
                if supersedes(liveness, current) { row.liveness = liveness }
            } else {
                row.liveness = liveness
            }
        }
        row.deletion = newer(row.deletion, update.deletion)
        for (name, cell) in update.cells {
            if let index = row.cells.index(forKey: name) {
                row.cells.values[index] = try cells(row.cells.values[index], cell)
            } else {
                row.cells[name] = cell
            }
        }
    }

    /// A few rows into many: binary search, then merge in place or insert.
    static func insert(_ row: Row, into rows: inout [Row]) throws {
        if let last = rows.last, last.clustering < row.clustering {  // appends in order are common
            rows.append(row)
            return
        }
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if rows[mid].clustering < row.clustering { low = mid + 1 } else { high = mid }
        }
        if low < rows.count && rows[low].clustering == row.clustering {
            try merge(into: &rows[low], row)
        } else {
            rows.insert(row, at: low)
        }
    }

    /// Many rows with many: one pass over both sorted lists.
    static func mergeSorted(_ a: [Row], _ b: [Row]) throws -> [Row] {
        var merged: [Row] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i].clustering < b[j].clustering {
                merged.append(a[i]); i += 1
            } else if b[j].clustering < a[i].clustering {
                merged.append(b[j]); j += 1
            } else {
                var row = a[i]
                try merge(into: &row, b[j])
                merged.append(row); i += 1; j += 1
            }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }

    /// Given: the deletion that wins: the later `markedForDeleteAt`, then the later local deletion time.
    static func newer(_ a: DeletionTime?, _ b: DeletionTime?) -> DeletionTime? {
        guard let a else { return b }
        guard let b else { return a }
        if a.markedForDeleteAt != b.markedForDeleteAt { return a.markedForDeleteAt > b.markedForDeleteAt ? a : b }
        return a.localDeletionTime >= b.localDeletionTime ? a : b
    }

    /// Given: whether row marker `a` wins over `b` (Cassandra's
    /// `LivenessInfo.supersedes`): the later timestamp; on a tie an expiring
    /// marker beats one that never expires, and the later expiry wins.
    static func supersedes(_ a: LivenessInfo, _ b: LivenessInfo) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        switch (a.expiresAt, b.expiresAt) {
        case let (x?, y?): return x > y
        case (_?, nil): return true
        default: return false
        }
    }
}
