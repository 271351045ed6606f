import Contracts
import Foundation

/// The store lab: Cassandra's storage engine. Each step is in files of its
/// own; start with Reconcile.swift.
public struct StoreToolkit: StoreLab {
    public init() {}

    public func merge(_ a: Partition, _ b: Partition) throws -> Partition {
        var merged = a
        try Reconcile.merge(into: &merged, b)
        return merged
    }

    public func makeMemtable() -> any MemtableStoring {
        Memtable()
    }

    public func openCommitLog(in directory: URL, config: StoreConfig) throws -> any CommitLogging {
        try CommitLog(in: directory, config: config)
    }

    public func makeBloomFilter(expectedKeys: Int, falsePositiveChance: Double) -> any BloomFiltering {
        BloomFilter(expectedKeys: expectedKeys, falsePositiveChance: falsePositiveChance)
    }

    public func writeSSTable(_ partitions: [Partition], generation: Int, in directory: URL, config: StoreConfig) throws -> any SSTableReading {
        try SSTableWriter.write(partitions, as: SSTableDescriptor(directory: directory, generation: generation), config: config)
    }

    public func openSSTable(generation: Int, in directory: URL) throws -> any SSTableReading {
        try SSTable(SSTableDescriptor(directory: directory, generation: generation))
    }

    public func liveRows(of partition: Partition, in range: ClusteringRange, now: Int64) throws -> [Row] {
        try LiveRows.rows(of: partition, in: range, now: now)
    }

    public func openTable(in directory: URL, config: StoreConfig) throws -> any TableStore {
        try ColumnFamilyStore(in: directory, config: config)
    }
}
