/// One row of a partition: its clustering, its cells by column name, and
/// what deletes it.
public struct Row: Hashable, Sendable, CustomStringConvertible {
    public var clustering: Clustering
    /// The row marker (INSERT writes one), if any.
    public var liveness: LivenessInfo?
    /// A row tombstone (`DELETE FROM t WHERE <full primary key>`), if any.
    public var deletion: DeletionTime?
    /// Regular (non-key) columns by name.
    public var cells: [String: Cell]

    public init(clustering: Clustering, liveness: LivenessInfo? = nil, deletion: DeletionTime? = nil, cells: [String: Cell] = [:]) {
        self.clustering = clustering
        self.liveness = liveness
        self.deletion = deletion
        self.cells = cells
    }

    public var description: String {
        var parts = [clustering.description]
        if let liveness { parts.append(liveness.description) }
        if let deletion { parts.append(deletion.description) }
        parts += cells.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "Row(" + parts.joined(separator: ", ") + ")"
    }
}

/// A deletion of a slice of rows (`DELETE ... WHERE k = ? AND c > ?`).
public struct RangeTombstone: Hashable, Sendable, CustomStringConvertible {
    public var range: ClusteringRange
    public var deletion: DeletionTime

    public init(range: ClusteringRange, deletion: DeletionTime) {
        self.range = range
        self.deletion = deletion
    }

    public var description: String { "RangeTombstone(\(range), \(deletion))" }
}

/// One partition's data, or one write to it: rows in clustering order, range
/// tombstones, and an optional partition-level deletion. What a mutation
/// carries, what the memtable holds per key and what an SSTable stores per
/// key (Cassandra's `PartitionUpdate`). Rows are unique by clustering and
/// sorted; nothing here is filtered: tombstones and shadowed cells stay until
/// a read or compaction resolves them.
public struct Partition: Hashable, Sendable, CustomStringConvertible {
    public var key: PartitionKey
    /// `DELETE FROM t WHERE <partition key>`: shadows everything older in the partition.
    public var deletion: DeletionTime?
    public var rangeTombstones: [RangeTombstone]
    /// Sorted by clustering, one per clustering.
    public var rows: [Row]

    public init(key: PartitionKey, deletion: DeletionTime? = nil, rangeTombstones: [RangeTombstone] = [], rows: [Row] = []) {
        self.key = key
        self.deletion = deletion
        self.rangeTombstones = rangeTombstones
        self.rows = rows
    }

    public var description: String {
        var parts = [key.description]
        if let deletion { parts.append("partition \(deletion)") }
        parts += rangeTombstones.map(\.description)
        parts += rows.map(\.description)
        return "Partition(" + parts.joined(separator: ", ") + ")"
    }
}

/// A read's answer: the live rows and how many SSTables it had to open
/// (bloom filters let it skip the rest).
public struct PartitionRead: Sendable {
    /// Live rows in clustering order, holding only live cells.
    public var rows: [Row]
    /// SSTables whose Data.db the read looked into: those holding the key.
    /// A bloom filter's "no", or an index miss after a false positive, reads
    /// no data and does not count.
    public var sstablesTouched: Int

    public init(rows: [Row], sstablesTouched: Int) {
        self.rows = rows
        self.sstablesTouched = sstablesTouched
    }
}

extension Partition {
    /// The partition with only the rows in `range` (its deletion and range
    /// tombstones kept): what a read of that slice needs from one source,
    /// before merging. Rows are sorted, so the slice is one contiguous run.
    public func restricted(to range: ClusteringRange) -> Partition {
        if range == .all { return self }
        var copy = self
        copy.rows = rows.filter { range.contains($0.clustering) }
        return copy
    }
}
