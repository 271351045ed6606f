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
        throw NotImplemented(step: 1)
    }

    /// Step 1: merges `update` into `partition` (the same key): the newer
    /// partition deletion, every range tombstone, rows matched by clustering
    /// and merged, new rows inserted in clustering order.
    static func merge(into partition: inout Partition, _ update: Partition) throws {
        throw NotImplemented(step: 1)
    }

    /// Step 1: one row merged into another of the same clustering: the newer
    /// row marker, the newer row deletion, and every column's winning cell.
    static func merge(into row: inout Row, _ update: Row) throws {
        throw NotImplemented(step: 1)
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
