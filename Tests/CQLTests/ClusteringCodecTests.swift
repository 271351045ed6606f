import CQL
import Foundation
import Testing

@Suite("Clustering codec: byte order is CQL order") struct ClusteringCodecTests {
    func sign(_ n: Int) -> Int { n < 0 ? -1 : (n > 0 ? 1 : 0) }

    func byteOrder(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
    }

    @Test("one column: memcmp of the encodings agrees with Cassandra's comparison", arguments: RandomValues.clusteringTypes)
    func singleColumn(_ type: CQLType) throws {
        var rng = SeededGenerator(seed: UInt64(type.description.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        for order in [ClusteringOrder.ascending, .descending] {
            let codec = ClusteringCodec(columns: [.init(type, order)])
            let values = (0..<120).map { _ in RandomValues.value(of: type, using: &rng).normalized(as: type) }
            let encoded = try values.map { try codec.encode([$0]) }
            for (value, bytes) in zip(values, encoded) {
                let back = try codec.decode(bytes)
                #expect(back.count == 1 && CQLValue.compare(back[0], value, as: type) == 0, "\(value) as \(type) \(order)")
            }
            for i in values.indices {
                for j in values.indices {
                    let expected = sign(CQLValue.compare(values[i], values[j], as: type)) * (order == .ascending ? 1 : -1)
                    #expect(byteOrder(encoded[i], encoded[j]) == expected,
                            "\(values[i]) vs \(values[j]) as \(type) \(order)")
                }
            }
        }
    }

    @Test("several columns, ASC and DESC mixed: order is the tuple order, and a prefix is a byte prefix", arguments: Array(0..<12))
    func multiColumn(_ seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &* 7919)
        let count = Int.random(in: 2...3, using: &rng)
        let columns = (0..<count).map { _ in
            ClusteringCodec.Column(RandomValues.clusteringTypes.randomElement(using: &rng)!, Bool.random(using: &rng) ? .ascending : .descending)
        }
        let codec = ClusteringCodec(columns: columns)
        // Few distinct first values, so many rows share prefixes.
        let firsts = (0..<3).map { _ in RandomValues.value(of: columns[0].type, using: &rng).normalized(as: columns[0].type) }
        let rows: [[CQLValue]] = (0..<60).map { _ in
            [firsts.randomElement(using: &rng)!] + columns.dropFirst().map { RandomValues.value(of: $0.type, using: &rng).normalized(as: $0.type) }
        }
        func reference(_ a: [CQLValue], _ b: [CQLValue]) -> Int {
            for (index, column) in columns.enumerated() where index < min(a.count, b.count) {
                let c = sign(CQLValue.compare(a[index], b[index], as: column.type))
                if c != 0 { return column.order == .ascending ? c : -c }
            }
            return 0
        }
        let encoded = try rows.map { try codec.encode($0) }
        for i in rows.indices {
            #expect(try codec.decode(encoded[i]).count == count)
            for j in rows.indices {
                #expect(byteOrder(encoded[i], encoded[j]) == reference(rows[i], rows[j]), "\(rows[i]) vs \(rows[j]) with \(columns)")
            }
            // Every prefix of the row is a byte prefix of its encoding, and decodes to that prefix.
            for length in 0...count {
                let prefix = try codec.encode(Array(rows[i].prefix(length)))
                #expect(encoded[i].starts(with: prefix))
                #expect(try codec.decode(prefix).count == length)
            }
            // A prefix of another first value is never a byte prefix.
            for other in firsts where CQLValue.compare(other, rows[i][0], as: columns[0].type) != 0 {
                #expect(!encoded[i].starts(with: try codec.encode([other])))
            }
        }
    }

    @Test("the reference order is Cassandra's")
    func referenceOrder() {
        #expect(CQLValue.compare(.double(-0.0), .double(0.0), as: .double) < 0)
        #expect(CQLValue.compare(.double(.nan), .double(.infinity), as: .double) > 0)
        #expect(CQLValue.compare(.int(-1), .int(1), as: .int) < 0)
        #expect(CQLValue.compare(.text("B"), .text("a"), as: .text) < 0)
        #expect(CQLValue.compare(.text("a"), .text("ab"), as: .text) < 0)
        #expect(CQLValue.compare(.varint(CQLVarint("-100000000000000000000")!), .varint(CQLVarint(-1)), as: .varint) < 0)
        // timeuuid: by time even when the bytes say otherwise (time_low comes first in the bytes).
        let early = TimeUUID.make(milliseconds: 1_000, clockSeqAndNode: .max)
        let late = TimeUUID.make(milliseconds: 1_001, clockSeqAndNode: 0)
        #expect(CQLValue.compare(.timeuuid(early), .timeuuid(late), as: .timeuuid) < 0)
        #expect(CQLValue.compare(.timeuuid(TimeUUID.min(milliseconds: 5)), .timeuuid(TimeUUID.make(milliseconds: 5, clockSeqAndNode: 0)), as: .timeuuid) < 0)
        #expect(CQLValue.compare(.timeuuid(TimeUUID.max(milliseconds: 5)), .timeuuid(TimeUUID.make(milliseconds: 5, ticks: 9_999, clockSeqAndNode: .max)), as: .timeuuid) > 0)
        // uuid: version first.
        let v4 = UUID(uuidString: "00000000-0000-4000-8000-000000000000")!
        let v1 = UUID(uuidString: "ffffffff-ffff-1fff-bfff-ffffffffffff")!
        #expect(CQLValue.compare(.uuid(v1), .uuid(v4), as: .uuid) < 0)
        #expect(CQLValue.compare(.list([.int(1)]), .list([.int(1), .int(0)]), as: .list(.int)) < 0)
    }

    @Test("timeuuids in a clustering column sort by time, not by bytes")
    func timeuuidByTime() throws {
        let codec = ClusteringCodec(columns: [.init(.timeuuid)])
        // time_low wraps between these two: the later one has smaller leading bytes.
        let a = UUID(uuidString: "ffffffff-0000-1000-8000-000000000000")!
        let b = UUID(uuidString: "00000000-0001-1000-8000-000000000000")!
        #expect(TimeUUID.timestamp(of: b) == TimeUUID.timestamp(of: a) + 1)
        #expect(b.bytes.lexicographicallyPrecedes(a.bytes))
        #expect(try codec.encode([.timeuuid(a)]).lexicographicallyPrecedes(try codec.encode([.timeuuid(b)])))
        let t = TimeUUID.make(milliseconds: 1_709_294_400_123, clockSeqAndNode: 1)
        #expect(TimeUUID.milliseconds(of: t) == 1_709_294_400_123)
    }

    @Test("text is escaped and terminated; DESC inverts the bytes")
    func textEncoding() throws {
        let asc = ClusteringCodec(columns: [.init(.text)])
        #expect(try asc.encode([.text("a\u{0}b")]) == [0x61, 0x00, 0xFF, 0x62, 0x00, 0x00])
        let desc = ClusteringCodec(columns: [.init(.int, .descending)])
        #expect(try desc.encode([.int(0)]) == [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: CQLValueError.self) { try asc.encode([.null]) }
        #expect(throws: CQLValueError.self) { try asc.encode([.text("a"), .text("b")]) }
        #expect(throws: CQLValueError.self) { try ClusteringCodec(columns: [.init(.decimal)]).encode([.decimal(unscaled: CQLVarint(1), scale: 0)]) }
    }
}

@Suite("Partition key codec") struct PartitionKeyCodecTests {
    @Test("one column is its serialized value")
    func single() throws {
        let codec = PartitionKeyCodec(types: [.text])
        #expect(try codec.encode([.text("local")]) == Array("local".utf8))
        #expect(try codec.decode(Array("local".utf8)) == [.text("local")])
    }

    @Test("several columns are Cassandra's CompositeType: length, bytes, 0x00")
    func composite() throws {
        let codec = PartitionKeyCodec(types: [.int, .text])
        let bytes = try codec.encode([.int(1), .text("ab")])
        #expect(bytes == [0x00, 0x04, 0, 0, 0, 1, 0x00, 0x00, 0x02, 0x61, 0x62, 0x00])
        #expect(try codec.decode(bytes) == [.int(1), .text("ab")])
        #expect(throws: CQLValueError.self) { try codec.encode([.int(1)]) }
        #expect(throws: CQLValueError.self) { try codec.encode([.int(1), .null]) }
        #expect(throws: CQLValueError.self) { try codec.decode([0x00, 0x04, 0, 0, 0, 1, 0x01]) }
    }
}
