import Contracts
import Foundation

/// Writes a sorted run of partitions as an SSTable, Cassandra's
/// `SSTableWriter`: a memtable flush and a compaction both end here.
enum SSTableWriter {
    /// Step 3: writes `partitions` (sorted by key, unique) as the SSTable of
    /// `descriptor`, then opens it:
    /// - Data.db: each partition framed by `ChecksummedEntry`, back to back;
    /// - Index.db: a `PartitionIndex` of each key and where its partition starts;
    /// - Filter.db: a `BloomFilter` of every key, sized for them at
    ///   `config.bloomFilterFalsePositiveChance`;
    /// - Digest.crc32: the CRC-32C of all of Data.db, in decimal (`String(crc)`).
    /// Each goes through `descriptor.writeTemporary(_:_:)`, then `publish()`;
    /// the SSTable is then opened with the index and filter in hand.
    static func write(_ partitions: [Partition], as descriptor: SSTableDescriptor, config: StoreConfig) throws -> SSTable {
        throw NotImplemented(step: 3)
    }
}
