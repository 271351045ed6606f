import Contracts

/// The table's recent writes in memory, one merged partition per key:
/// Cassandra's `Memtable`. A hash map for the writes; sorted by token, then
/// key, when a flush or a scan asks (Cassandra keeps a sorted skip list).
final class Memtable: MemtableStoring {
    private(set) var byKey: [PartitionKey: Partition] = [:]
    private(set) var byteSize = 0

    init() {}

    /// Step 1: merges `update` into the partition of its key (in place, with
    /// `Reconcile.merge(into:_:)`), or stores it if the key is new, and
    /// counts its bytes (`update.estimatedSize`).
    func apply(_ update: Partition) throws {
        throw NotImplemented(step: 1)
    }

    /// Given.
    func partition(_ key: PartitionKey) -> Partition? {
        byKey[key]
    }

    /// Given: every partition in ring order (token, then key bytes).
    var partitions: [Partition] {
        byKey.values.sorted { $0.key < $1.key }
    }

    /// Given: every key in ring order.
    var keys: [PartitionKey] {
        byKey.keys.sorted()
    }

    var count: Int { byKey.count }
}
