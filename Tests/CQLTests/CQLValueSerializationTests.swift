import CQL
import Foundation
import Testing

/// Known byte vectors from native_protocol_v4.spec §6 and Cassandra's serializers.
@Suite("CQLValue serialization") struct CQLValueSerializationTests {
    static let uuid = UUID(uuidString: "550e8400-e29b-41d4-a716-446655440000")!
    static let timeuuid = UUID(uuidString: "fe2b4360-28c6-11e2-81c1-0800200c9a66")!

    static let vectors: [(CQLValue, CQLType, [UInt8])] = [
        (.text("héllo"), .text, [0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F]),
        (.text("abc"), .ascii, [0x61, 0x62, 0x63]),
        (.int(-2), .int, [0xFF, 0xFF, 0xFF, 0xFE]),
        (.int(258), .int, [0x00, 0x00, 0x01, 0x02]),
        (.bigint(1), .bigint, [0, 0, 0, 0, 0, 0, 0, 1]),
        (.bigint(-1), .counter, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        (.smallint(-32768), .smallint, [0x80, 0x00]),
        (.tinyint(-1), .tinyint, [0xFF]),
        (.boolean(true), .boolean, [0x01]),
        (.boolean(false), .boolean, [0x00]),
        (.double(1.0), .double, [0x3F, 0xF0, 0, 0, 0, 0, 0, 0]),
        (.float(-2.0), .float, [0xC0, 0x00, 0x00, 0x00]),
        (.timestamp(1_709_294_400_000), .timestamp, [0x00, 0x00, 0x01, 0x8D, 0xF9, 0xE2, 0xB2, 0x00]),
        // date: days with the epoch at 2^31.
        (.date(0), .date, [0x80, 0x00, 0x00, 0x00]),
        (.date(-1), .date, [0x7F, 0xFF, 0xFF, 0xFF]),
        (.time(1_000_000_000), .time, [0, 0, 0, 0, 0x3B, 0x9A, 0xCA, 0x00]),
        (.uuid(uuid), .uuid, [0x55, 0x0E, 0x84, 0x00, 0xE2, 0x9B, 0x41, 0xD4, 0xA7, 0x16, 0x44, 0x66, 0x55, 0x44, 0x00, 0x00]),
        (.timeuuid(timeuuid), .timeuuid, [0xFE, 0x2B, 0x43, 0x60, 0x28, 0xC6, 0x11, 0xE2, 0x81, 0xC1, 0x08, 0x00, 0x20, 0x0C, 0x9A, 0x66]),
        (.blob([0xCA, 0xFE]), .blob, [0xCA, 0xFE]),
        (.blob([]), .blob, []),
        (.inet([127, 0, 0, 1]), .inet, [127, 0, 0, 1]),
        // varint: two's complement, fewest bytes (spec §6.23 examples).
        (.varint(CQLVarint(0)), .varint, [0x00]),
        (.varint(CQLVarint(1)), .varint, [0x01]),
        (.varint(CQLVarint(127)), .varint, [0x7F]),
        (.varint(CQLVarint(128)), .varint, [0x00, 0x80]),
        (.varint(CQLVarint(129)), .varint, [0x00, 0x81]),
        (.varint(CQLVarint(-1)), .varint, [0xFF]),
        (.varint(CQLVarint(-128)), .varint, [0x80]),
        (.varint(CQLVarint(-129)), .varint, [0xFF, 0x7F]),
        // decimal: [int] scale then the varint.
        (.decimal(unscaled: CQLVarint(1250), scale: 2), .decimal, [0, 0, 0, 2, 0x04, 0xE2]),
        // v4 collections: [int] count then [bytes] elements.
        (.list([.int(1), .int(2)]), .list(.int), [0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 2]),
        (.set([.text("a")]), .frozen(.set(.text)), [0, 0, 0, 1, 0, 0, 0, 1, 0x61]),
        (.map([.init(.text("k"), .bigint(7))]), .map(.text, .bigint),
         [0, 0, 0, 1, 0, 0, 0, 1, 0x6B, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7]),
        // tuple: [bytes] per field, null as length -1.
        (.tuple([.int(1), .null]), .tuple([.int, .text]), [0, 0, 0, 4, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF]),
    ]

    @Test("each type serializes to the spec's bytes and back", arguments: 0..<vectors.count)
    func knownVectors(_ index: Int) throws {
        let (value, type, bytes) = Self.vectors[index]
        #expect(try value.serialized(as: type) == bytes, "\(value) as \(type)")
        #expect(try CQLValue.deserialize(bytes, as: type) == value, "\(bytes) as \(type)")
    }

    @Test("sets are sorted and deduplicated, maps sorted by key, in the type's order")
    func setAndMapOrder() throws {
        let set = CQLValue.set([.int(3), .int(-1), .int(3), .int(2)])
        let bytes = try set.serialized(as: .set(.int))
        #expect(try CQLValue.deserialize(bytes, as: .set(.int)) == .set([.int(-1), .int(2), .int(3)]))
        let map = CQLValue.map([.init(.text("b"), .int(1)), .init(.text("a"), .int(2)), .init(.text("B"), .int(3))])
        #expect(try CQLValue.deserialize(try map.serialized(as: .map(.text, .int)), as: .map(.text, .int))
            == .map([.init(.text("B"), .int(3)), .init(.text("a"), .int(2)), .init(.text("b"), .int(1))]))
        // Negative numbers sort before positive ones (signed order, not byte order).
        #expect(CQLValue.set([.bigint(5), .bigint(-5)]).normalized(as: .set(.bigint)) == .set([.bigint(-5), .bigint(5)]))
    }

    @Test("varint text round trips beyond 64 bits")
    func bigVarint() throws {
        for text in ["0", "-1", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
                     "-340282366920938463463374607431768211456"] {
            let n = try #require(CQLVarint(text))
            #expect(n.description == text)
            #expect(CQLVarint(twosComplement: n.bytes) == n)
        }
        #expect(CQLVarint("12a") == nil)
        #expect(CQLVarint("-9223372036854775809")! < CQLVarint(Int64.min))
    }

    @Test("empty values of fixed-width types read as null; bad lengths are errors")
    func emptyAndMalformed() throws {
        #expect(try CQLValue.deserialize([], as: .int) == .null)
        #expect(try CQLValue.deserialize([], as: .text) == .text(""))
        let error = #expect(throws: CQLValueError.self) { try CQLValue.deserialize([1, 2, 3], as: .int) }
        #expect(error?.message == "Expected 4 or 0 byte int (3)")
        #expect(throws: CQLValueError.self) { try CQLValue.deserialize([0xFF, 0xFE], as: .text) }
        #expect(throws: CQLValueError.self) { try CQLValue.text("é").serialized(as: .ascii) }
        #expect(throws: CQLValueError.self) { try CQLValue.uuid(Self.uuid).serialized(as: .timeuuid) }
        #expect(throws: CQLValueError.self) { try CQLValue.list([.null]).serialized(as: .list(.int)) }
        #expect(throws: CQLValueError.self) { try CQLValue.int(1).serialized(as: .bigint) }
        #expect(throws: CQLValueError.self) { try CQLValue.deserialize([0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 1], as: .list(.int)) }
    }

    @Test("bytes called canonical read and serialize back to themselves; the others are not called so")
    func canonicalSerialization() throws {
        var rng = SeededGenerator(seed: 7)
        var canonical = 0
        for type in RandomValues.types {
            for _ in 0..<400 {
                let bytes = (0..<Int.random(in: 0...17, using: &rng)).map { _ in
                    Bool.random(using: &rng) ? UInt8.random(in: 0...1, using: &rng) : UInt8.random(in: 0...255, using: &rng)
                }
                guard CQLValue.isCanonicalSerialization(bytes, of: type) else { continue }
                canonical += 1
                let value = try CQLValue.deserialize(bytes, as: type)
                #expect(!value.isNull, "\(bytes) as \(type)")
                #expect(try value.serialized(as: type) == bytes, "\(bytes) as \(type)")
            }
        }
        #expect(canonical > 500)  // enough of every canonical type were tried
        for (value, type, bytes) in Self.vectors where [.text, .ascii, .int, .bigint, .boolean, .double, .blob].contains(type) {
            #expect(CQLValue.isCanonicalSerialization(bytes, of: type), "\(value) as \(type)")
        }
        #expect(!CQLValue.isCanonicalSerialization([], of: .int))  // null
        #expect(!CQLValue.isCanonicalSerialization([2], of: .boolean))  // reads as true, serializes as 1
        #expect(!CQLValue.isCanonicalSerialization([0xFF, 0xFE], of: .text))
        #expect(!CQLValue.isCanonicalSerialization([0xC3, 0xA9], of: .ascii))
        #expect(!CQLValue.isCanonicalSerialization([0, 0, 0, 1], of: .varint))
    }

    @Test("random values of every type round trip", arguments: Array(0..<8))
    func randomRoundTrips(_ seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        for type in RandomValues.types {
            for _ in 0..<50 {
                let value = RandomValues.value(of: type, using: &rng).normalized(as: type)
                let bytes = try value.serialized(as: type)
                let back = try CQLValue.deserialize(bytes, as: type)
                #expect(CQLValue.compare(back, value, as: type) == 0, "\(value) as \(type)")
            }
        }
    }

    @Test("literal text for errors and debugging")
    func literals() {
        #expect(CQLValue.text("it's").cqlLiteral == "'it''s'")
        #expect(CQLValue.blob([0xCA, 0xFE]).cqlLiteral == "0xcafe")
        #expect(CQLValue.timestamp(1_709_294_400_000).cqlLiteral == "'2024-03-01T12:00:00.000Z'")
        #expect(CQLValue.date(-1).cqlLiteral == "'1969-12-31'")
        #expect(CQLValue.time(3_723_000_000_001).cqlLiteral == "'01:02:03.000000001'")
        #expect(CQLValue.map([.init(.text("a"), .list([.int(1)]))]).cqlLiteral == "{'a': [1]}")
        #expect(CQLValue.tuple([.int(1), .null]).cqlLiteral == "(1, null)")
        #expect(CQLValue.double(-.infinity).cqlLiteral == "-Infinity")
        #expect(CQLValue.decimal(unscaled: CQLVarint(-5), scale: 3).cqlLiteral == "-0.005")
        #expect(CQLValue.inet([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).cqlLiteral == "'2001:db8::1'")
        #expect(CQLValue.uuid(Self.uuid).description == "550e8400-e29b-41d4-a716-446655440000")
    }

    @Test("inet text forms")
    func inet() {
        #expect(InetAddress.parse("10.0.0.255") == [10, 0, 0, 255])
        #expect(InetAddress.parse("::1") == [UInt8](repeating: 0, count: 15) + [1])
        #expect(InetAddress.parse("::ffff:1.2.3.4") == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4])
        #expect(InetAddress.parse("1.2.3") == nil)
        #expect(InetAddress.parse("1::2::3") == nil)
        #expect(InetAddress.format(InetAddress.parse("fe80::1:0:0:2")!) == "fe80::1:0:0:2")
    }
}
