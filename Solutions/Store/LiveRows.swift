import Contracts

/// What a client sees of a partition: deletions applied, expired data gone,
/// only live rows and cells. Cassandra does this as it reads
/// (`ReadCommand`'s purging and filtering).
enum LiveRows {
    /// Step 4: the newest deletion that covers `row`: the partition's
    /// deletion, every range tombstone whose range contains the row's
    /// clustering, and the row's own deletion. Nil when none does.
    static func deletion(covering row: Row, in partition: Partition) throws -> DeletionTime? {
        var newest = Reconcile.newer(partition.deletion, row.deletion)
        for tombstone in partition.rangeTombstones where tombstone.range.contains(row.clustering) {
            newest = Reconcile.newer(newest, tombstone.deletion)
        }
        return newest
    }

    /// Step 4: the live rows of `partition` in `range` at `now` (seconds),
    /// in clustering order. A cell is live if it holds a value, has not
    /// expired and is not deleted by the row's covering deletion; the row
    /// marker likewise. A row is live if its marker is, or any of its cells
    /// is; it comes back with its live cells only, its marker if live (else
    /// nil) and no deletion.
    static func rows(of partition: Partition, in range: ClusteringRange, now: Int64) throws -> [Row] {
        var live: [Row] = []
        for row in partition.rows where range.contains(row.clustering) {
            let deletion = try deletion(covering: row, in: partition)
            var marker = row.liveness
            if let liveness = marker, !liveness.isLive(now: now) || deletion?.deletes(liveness.timestamp) == true {
                marker = nil
            }
            func isLive(_ cell: Cell) -> Bool { cell.isLive(now: now) && deletion?.deletes(cell.timestamp) != true }
            // Usually every cell is live: then the row's dictionary is kept as it is, not copied.
            let cells = row.cells.values.allSatisfy(isLive) ? row.cells : row.cells.filter { isLive($0.value) }
            if marker != nil || !cells.isEmpty {
                live.append(Row(clustering: row.clustering, liveness: marker, cells: cells))
            }
        }
        return live
    }
}
