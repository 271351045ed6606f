import CQL
import CQLProtocol
import NIOCore
import Testing

@Suite("CQL notations")
struct PrimitiveTests {
    @Test("[string], [long string] and [string list] have the spec's length prefixes")
    func strings() throws {
        var out = ByteBuffer()
        out.writeCQLString("chirp")
        out.writeCQLLongString("東京")
        out.writeCQLStringList(["a", "bc"])
        #expect(contents(out) == hex("0005") + bytes("chirp") + hex("00000006") + bytes("東京") + hex("0002 0001 61 0002 6263"))
        #expect(try out.readCQLString("s") == "chirp")
        #expect(try out.readCQLLongString("l") == "東京")
        #expect(try out.readCQLStringList("list") == ["a", "bc"])
        #expect(out.readableBytes == 0)
    }

    @Test("a [string] over 65535 bytes is cut at a whole character")
    func longString() throws {
        var out = ByteBuffer()
        out.writeCQLString("x" + String(repeating: "é", count: 40_000))
        let text = try out.readCQLString("s")
        #expect(text.utf8.count == 65_535)
        #expect(text.hasSuffix("é"))
    }

    @Test("[bytes] null, [value] null and unset, [short bytes]")
    func bytesAndValues() throws {
        var out = ByteBuffer()
        out.writeCQLBytes([1, 2])
        out.writeCQLBytes(nil)
        out.writeCQLValue(.value([]))
        out.writeCQLValue(.null)
        out.writeCQLValue(.unset)
        out.writeCQLShortBytes([9])
        #expect(contents(out) == hex("00000002 0102 FFFFFFFF 00000000 FFFFFFFF FFFFFFFE 0001 09"))
        #expect(try out.readCQLBytes("a") == [1, 2])
        #expect(try out.readCQLBytes("b") == nil)
        #expect(try out.readCQLValue("c") == .value([]))
        #expect(try out.readCQLValue("d") == .null)
        #expect(try out.readCQLValue("e") == .unset)
        #expect(try out.readCQLShortBytes("f") == [9])
    }

    @Test("maps are written in key order and read back")
    func maps() throws {
        var out = ByteBuffer()
        out.writeCQLStringMap(["b": "2", "a": "1"])
        #expect(contents(out) == hex("0002 0001 61 0001 31 0001 62 0001 32"))
        #expect(try out.readCQLStringMap("m") == ["a": "1", "b": "2"])
        out.writeCQLStringMultimap(["COMPRESSION": [], "CQL_VERSION": ["3.4.5"]])
        #expect(try out.readCQLStringMultimap("mm") == ["COMPRESSION": [], "CQL_VERSION": ["3.4.5"]])
        out.writeCQLBytesMap(["k": [7], "n": nil])
        #expect(try out.readCQLBytesMap("bm") == ["k": [7], "n": nil])
    }

    @Test("[uuid], [inet] and [consistency]")
    func fixedShapes() throws {
        var out = ByteBuffer()
        let uuid = Array(0..<16 as Range<UInt8>)
        out.writeCQLUUID(uuid)
        out.writeCQLInet(Inet(address: [127, 0, 0, 1], port: 9042))
        out.writeCQLInet(Inet(address: Array(repeating: 0, count: 15) + [1], port: 9042))
        out.writeCQLConsistency(.localOne)
        #expect(try out.readCQLUUID("u") == uuid)
        let v4 = try out.readCQLInet("i")
        #expect(v4.description == "127.0.0.1:9042")
        #expect(try out.readCQLInet("i6").description == "[0:0:0:0:0:0:0:1]:9042")
        #expect(try out.readCQLConsistency("c") == .localOne)
    }

    @Test("[option] types round-trip, nested and custom; frozen is written as its inner type")
    func options() throws {
        let types: [CQLType] = [
            .int, .text, .bigint, .uuid, .timestamp, .blob, .boolean, .duration, .list(.text), .set(.int),
            .map(.text, .list(.bigint)), .tuple([.int, .text, .set(.uuid)]),
            .custom("org.apache.cassandra.db.marshal.DynamicCompositeType"),
        ]
        for type in types {
            var out = ByteBuffer()
            out.writeCQLOption(type)
            #expect(try out.readCQLOption("t") == type)
            #expect(out.readableBytes == 0)
        }
        var frozen = ByteBuffer()
        frozen.writeCQLOption(.frozen(.map(.int, .text)))
        #expect(contents(frozen) == hex("0021 0009 000D"))
        #expect(try frozen.readCQLOption("t") == .map(.int, .text))
    }

    @Test("malformed notations are errors that name the field, never a crash")
    func malformed() {
        var short = buffer(hex("0009 61"))
        #expect(throws: CQLWireError("name", "needs 9 bytes, 1 left")) { try short.readCQLString("name") }
        var badUTF8 = buffer(hex("0002 C328"))
        #expect(throws: CQLWireError("name", "not valid UTF-8")) { try badUTF8.readCQLString("name") }
        var badValue = buffer(hex("FFFFFFFD"))
        #expect(throws: CQLWireError("v", "length -3 (a [value] may only be -1 for null or -2 for unset)")) {
            try badValue.readCQLValue("v")
        }
        var hugeList = buffer(hex("FFFF 0001 61"))
        #expect(throws: CQLWireError("l", "count 65535 does not fit the 3 bytes left")) { try hugeList.readCQLStringList("l") }
        var badConsistency = buffer(hex("0042"))
        #expect(throws: CQLWireError("c", "unknown consistency 0x42")) { try badConsistency.readCQLConsistency("c") }
        var badInet = buffer(hex("05 01020304 05"))
        #expect(throws: CQLWireError("i", "address size 5 (4 or 16)")) { try badInet.readCQLInet("i") }
        var udt = buffer(hex("0030"))
        #expect(throws: CQLWireError("t", "user-defined types (option 0x0030) are not supported")) { try udt.readCQLOption("t") }
        var unknownType = buffer(hex("0099"))
        #expect(throws: CQLWireError("t", "unknown type option id 0x99")) { try unknownType.readCQLOption("t") }
        var deep = buffer(Array(repeating: hex("0020"), count: 100).flatMap { $0 } + hex("0009"))
        let tooDeep = #expect(throws: CQLWireError.self) { try deep.readCQLOption("t") }
        #expect(tooDeep?.problem == "types nested deeper than 32")
        var duplicateKey = buffer(hex("0002 0001 61 0001 31 0001 61 0001 32"))
        #expect(throws: CQLWireError("m", "key \"a\" appears twice")) { try duplicateKey.readCQLStringMap("m") }
    }
}
