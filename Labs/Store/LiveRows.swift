import Contracts

/// What a client sees of a partition: deletions applied, expired data gone,
/// only live rows and cells. Cassandra does this as it reads
/// (`ReadCommand`'s purging and filtering).
enum LiveRows {
    /// Step 4: the newest deletion that covers `row`: the partition's
    /// deletion, every range tombstone whose range contains the row's
    /// clustering, and the row's own deletion. Nil when none does.
    static func deletion(covering row: Row, in partition: Partition) throws -> DeletionTime? {
        throw NotImplemented(step: 4)
    }

    /// Step 4: the live rows of `partition` in `range` at `now` (seconds),
    /// in clustering order. A cell is live if it holds a value, has not
    /// expired and is not deleted by the row's covering deletion; the row
    /// marker likewise. A row is live if its marker is, or any of its cells
    /// is; it comes back with its live cells only, its marker if live (else
    /// nil) and no deletion.
    static func rows(of partition: Partition, in range: ClusteringRange, now: Int64) throws -> [Row] {
        throw NotImplemented(step: 4)
    }
}
