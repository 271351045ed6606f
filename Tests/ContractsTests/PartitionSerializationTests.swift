import Contracts
import Testing

@Suite("Partition serialization")
struct PartitionSerializationTests {
    /// 200 rows (clusterings 0x00 0x00 … 0x00 0xC7) with every optional part of the format somewhere.
    static let wide: Partition = {
        let rows = (0..<200).map { i -> Row in
            var cells: [String: Cell] = ["body": Cell(value: Array("row \(i)".utf8), timestamp: Int64(i))]
            if i % 3 == 0 { cells["ttl"] = Cell(value: [1, 2, 3], timestamp: 7, expiresAt: 1_900_000_000) }
            if i % 5 == 0 { cells["gone"] = Cell(tombstoneAt: 9, localDeletionTime: 1_700_000_000) }
            return Row(clustering: Clustering([UInt8(i >> 8), UInt8(i & 0xFF)]),
                       liveness: i % 7 == 0 ? nil : LivenessInfo(timestamp: Int64(i), expiresAt: i % 4 == 0 ? 1_800_000_000 : nil),
                       deletion: i % 11 == 0 ? DeletionTime(markedForDeleteAt: 5, localDeletionTime: 1_600_000_000) : nil,
                       cells: cells)
        }
        return Partition(key: PartitionKey([42]), deletion: DeletionTime(markedForDeleteAt: 1, localDeletionTime: 2),
                         rangeTombstones: [RangeTombstone(range: ClusteringRange(start: .init(prefix: [0, 10], inclusive: true), end: nil),
                                                          deletion: DeletionTime(markedForDeleteAt: 3, localDeletionTime: 4))],
                         rows: rows)
    }()

    static let ranges: [ClusteringRange] = [
        .all,
        .prefix([0, 77]),
        .prefix([0, 250]),  // no such row
        ClusteringRange(start: .init(prefix: [0, 20], inclusive: false), end: .init(prefix: [0, 30], inclusive: true)),
        ClusteringRange(start: .init(prefix: [0, 190], inclusive: true), end: nil),
        ClusteringRange(start: nil, end: .init(prefix: [0, 3], inclusive: false)),
    ]

    @Test("decoding only a slice gives what decoding everything and restricting gives", arguments: ranges)
    func restrictedDecoding(range: ClusteringRange) throws {
        let bytes = Self.wide.serialized()
        let restricted = try Partition(deserializing: bytes[...], restrictedTo: range)
        #expect(restricted == (try Partition(deserializing: bytes)).restricted(to: range))
        #expect(restricted.rangeTombstones == Self.wide.rangeTombstones && restricted.deletion == Self.wide.deletion)
    }

    @Test("a partition cut short is an error also when the cut is in rows outside the slice")
    func truncated() {
        let bytes = Self.wide.serialized()
        #expect(throws: PartitionFormatError.self) {
            try Partition(deserializing: bytes[..<(bytes.count - 5)], restrictedTo: .prefix([0, 1]))
        }
    }
}
