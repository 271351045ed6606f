import Contracts
import Foundation

/// An immutable sorted table on disk, Cassandra's `SSTableReader`: Data.db
/// read by position, its partition index and bloom filter in memory.
final class SSTable: SSTableReading {
    let descriptor: SSTableDescriptor
    let data: LogFile
    let index: PartitionIndex
    let filter: BloomFilter

    /// Given: opens the SSTable, checking Data.db against Digest.crc32 and
    /// the checksums of Index.db and Filter.db: a damaged SSTable is reported
    /// here, not served.
    init(_ descriptor: SSTableDescriptor) throws {
        self.descriptor = descriptor
        for url in descriptor.files where !FileManager.default.fileExists(atPath: url.path) {
            throw SSTableError.missing(url.lastPathComponent)
        }
        data = try LogFile(at: descriptor.url(.data))
        index = try PartitionIndex(deserializing: Array(try Data(contentsOf: descriptor.url(.index))))
        filter = try BloomFilter(deserializing: Array(try Data(contentsOf: descriptor.url(.filter))))
        let digest = String(decoding: try Data(contentsOf: descriptor.url(.digest)), as: UTF8.self)
        var crc = CRC32C.State()
        for start in stride(from: 0, to: data.size, by: 1 << 20) {
            crc.update(try data.read(at: start, count: 1 << 20))
        }
        guard UInt32(digest.trimmingCharacters(in: .whitespacesAndNewlines)) == crc.value else {
            throw SSTableError.corrupt(component: descriptor.name(.data),
                                       problem: "its CRC-32C is \(crc.value) but Digest.crc32 says \(digest)")
        }
        guard index.dataEnd == data.size else {
            throw SSTableError.corrupt(component: descriptor.name(.data),
                                       problem: "it has \(data.size) bytes but Index.db says \(index.dataEnd)")
        }
    }

    /// Given: the SSTable a writer has just published, with its index and
    /// filter still in memory (nothing to read back or verify).
    init(_ descriptor: SSTableDescriptor, index: PartitionIndex, filter: BloomFilter) throws {
        self.descriptor = descriptor
        data = try LogFile(at: descriptor.url(.data))
        self.index = index
        self.filter = filter
    }

    var generation: Int { descriptor.generation }
    var dataSize: Int { data.size }
    var partitionCount: Int { index.keys.count }
    var files: [URL] { descriptor.files }

    func mightContain(_ key: PartitionKey) throws -> Bool {
        try filter.mightContain(key.bytes)
    }

    /// Step 3: the partition stored for `key`, or nil: the bloom filter
    /// first (a "no" costs no read), then the index, then one read of
    /// Data.db whose checksum must match (else throw `SSTableError.corrupt`).
    func partition(_ key: PartitionKey) throws -> Partition? {
        throw NotImplemented(step: 3)
    }

    /// Given: a framed partition read from Data.db at `position`; with a
    /// `range`, only its rows in the range are decoded (the rest are stepped over).
    func decode(_ bytes: [UInt8], at position: Int, restrictedTo range: ClusteringRange = .all) throws -> Partition {
        guard case .entry(let payload, let next) = ChecksummedEntry.read(bytes, at: 0), next == bytes.count else {
            throw SSTableError.corrupt(component: descriptor.name(.data),
                                       problem: "the partition at byte \(position) fails its checksum")
        }
        return try Partition(deserializing: bytes[payload], restrictedTo: range)
    }

    func keys() throws -> [PartitionKey] { index.keys }

    /// Given: every partition, in order (what compaction reads).
    func partitions() throws -> [Partition] {
        let all = try data.read(at: 0, count: data.size)
        return try zip(index.positions, index.positions.dropFirst() + [index.dataEnd]).map { start, end in
            try decode(Array(all[start..<end]), at: start)
        }
    }
}
