import CQL
import Foundation
import Testing

@Suite("Term conversion for the query layer") struct TermConverterTests {
    let converter = TermConverter(clock: { Date(timeIntervalSince1970: 1_709_294_400.5) })

    func value(_ term: Term, _ type: CQLType, _ column: String = "c") throws -> CQLValue? {
        try converter.value(of: term, as: type, for: column)
    }

    func message(_ term: Term, _ type: CQLType, _ column: String = "c") -> String {
        do {
            return "converted to \(String(describing: try value(term, type, column)))"
        } catch {
            return (error as? InvalidRequest)?.message ?? "\(error)"
        }
    }

    @Test("literals of the right kind convert, with range checks")
    func literals() throws {
        #expect(try value(.integer("42"), .int) == .int(42))
        #expect(try value(.integer("-9223372036854775808"), .bigint) == .bigint(.min))
        #expect(try value(.integer("7"), .counter) == .bigint(7))
        #expect(try value(.integer("-32768"), .smallint) == .smallint(-32768))
        #expect(try value(.integer("127"), .tinyint) == .tinyint(127))
        #expect(try value(.integer("3"), .double) == .double(3))
        #expect(try value(.float("-1.5e3"), .double) == .double(-1500))
        #expect(try value(.float("Infinity"), .float) == .float(.infinity))
        #expect(try value(.integer("123456789012345678901234567890"), .varint) == .varint(CQLVarint("123456789012345678901234567890")!))
        #expect(try value(.float("-12.50"), .decimal) == .decimal(unscaled: CQLVarint(-1250), scale: 2))
        #expect(try value(.float("1e3"), .decimal) == .decimal(unscaled: CQLVarint(1), scale: -3))
        #expect(try value(.string("it's"), .text) == .text("it's"))
        #expect(try value(.string("10.0.0.1"), .inet) == .inet([10, 0, 0, 1]))
        #expect(try value(.boolean(true), .boolean) == .boolean(true))
        #expect(try value(.blob([1]), .blob) == .blob([1]))
        #expect(try value(.null, .int) == .null)
        let id = UUID(uuidString: "fe2b4360-28c6-11e2-81c1-0800200c9a66")!
        #expect(try value(.uuid(id), .timeuuid) == .timeuuid(id))
        #expect(try value(.uuid(id), .uuid) == .uuid(id))
    }

    @Test("timestamps, dates and times from text")
    func timeText() throws {
        let noon: CQLValue = .timestamp(1_709_294_400_000)
        for text in ["2024-03-01 12:00:00+0000", "2024-03-01T12:00:00Z", "2024-03-01T12:00:00.000Z", "2024-03-01 12:00",
                     "2024-03-01 13:00:00+01:00", "2024-03-01 07:00:00-0500", "1709294400000"] {
            #expect(try value(.string(text), .timestamp) == noon, "\(text)")
        }
        #expect(try value(.string("2024-03-01 12:00:00.25Z"), .timestamp) == .timestamp(1_709_294_400_250))
        #expect(try value(.string("2024-03-01"), .timestamp) == .timestamp(1_709_251_200_000))
        #expect(try value(.integer("1709294400000"), .timestamp) == noon)
        #expect(try value(.string("1970-01-02"), .date) == .date(1))
        #expect(try value(.string("1969-12-31"), .date) == .date(-1))
        #expect(try value(.integer("2147483648"), .date) == .date(0))
        #expect(try value(.string("01:02:03.5"), .time) == .time(3_723_500_000_000))
        #expect(message(.string("yesterday"), .timestamp) == "Unable to coerce 'yesterday' to a formatted date (long)")
        #expect(message(.string("2024-13-01"), .date) == "Unable to coerce '2024-13-01' to a formatted date (long)")
    }

    @Test("collections and tuples, sorted as Cassandra stores them")
    func collections() throws {
        #expect(try value(.set([.integer("3"), .integer("1"), .integer("3")]), .set(.int)) == .set([.int(1), .int(3)]))
        #expect(try value(.map([.init(.string("b"), .integer("1")), .init(.string("a"), .integer("2"))]), .map(.text, .int))
            == .map([.init(.text("a"), .int(2)), .init(.text("b"), .int(1))]))
        #expect(try value(.map([]), .set(.text)) == .set([]))
        #expect(try value(.list([.string("x")]), .frozen(.list(.text))) == .list([.text("x")]))
        #expect(try value(.tuple([.integer("1"), .null]), .tuple([.int, .text])) == .tuple([.int(1), .null]))
        #expect(message(.list([.integer("1")]), .set(.int), "tags") == "Invalid list literal for tags of type set<int>")
        #expect(message(.set([.null]), .set(.int)) == "null is not supported inside collections")
        #expect(message(.tuple([.integer("1"), .integer("2")]), .tuple([.int]), "t")
            == "Invalid tuple literal for t: too many elements. Type tuple<int> expects 1 but got 2")
    }

    @Test("wrong kinds and out-of-range numbers give Cassandra's messages")
    func errors() {
        #expect(message(.string("abc"), .int, "age") == "Invalid STRING constant (abc) for \"age\" of type int")
        #expect(message(.integer("5"), .text, "name") == "Invalid INTEGER constant (5) for \"name\" of type text")
        #expect(message(.float("1.5"), .int, "age") == "Invalid FLOAT constant (1.5) for \"age\" of type int")
        #expect(message(.boolean(true), .int, "age") == "Invalid BOOLEAN constant (true) for \"age\" of type int")
        #expect(message(.blob([1]), .text, "name") == "Invalid HEX constant (0x01) for \"name\" of type text")
        #expect(message(.integer("2147483648"), .int, "age") == "Unable to make int from '2147483648'")
        #expect(message(.integer("128"), .tinyint) == "Unable to make tinyint from '128'")
        #expect(message(.string("é"), .ascii, "a").hasPrefix("Invalid ASCII character"))
        #expect(message(.uuid(UUID(uuidString: "550e8400-e29b-41d4-a716-446655440000")!), .timeuuid)
            == "Unsupported UUID version (4) for \"c\" of type timeuuid")
        #expect(message(.function(name: "now", arguments: []), .timestamp, "ts")
            == "Type error: cannot assign result of function system.now (type timeuuid) to ts (type timestamp)")
        #expect(message(.function(name: "nope", arguments: []), .int) == "Unknown function 'nope'")
    }

    @Test("functions use the converter's clock")
    func functions() throws {
        #expect(try value(.function(name: "currenttimestamp", arguments: []), .timestamp) == .timestamp(1_709_294_400_500))
        #expect(try value(.function(name: "totimestamp", arguments: [.function(name: "now", arguments: [])]), .timestamp) == .timestamp(1_709_294_400_500))
        #expect(try value(.function(name: "currentdate", arguments: []), .date) == .date(19783))
        #expect(try value(.function(name: "tounixtimestamp", arguments: [.string("2024-03-01T12:00:00Z")]), .bigint) == .bigint(1_709_294_400_000))
        guard case .timeuuid(let id) = try value(.function(name: "now", arguments: []), .timeuuid) else { Issue.record("not a timeuuid"); return }
        #expect(id.version == 1 && TimeUUID.milliseconds(of: id) == 1_709_294_400_500)
        guard case .uuid(let random) = try value(.function(name: "uuid", arguments: []), .uuid) else { Issue.record("not a uuid"); return }
        #expect(random.version == 4)
        #expect(try value(.function(name: "textasblob", arguments: [.string("hi")]), .blob) == .blob([0x68, 0x69]))
        #expect(try value(.function(name: "blobasint", arguments: [.blob([0, 0, 0, 7])]), .int) == .int(7))
        guard case .timeuuid(let low) = try value(.function(name: "mintimeuuid", arguments: [.string("2024-03-01 12:00:00+0000")]), .timeuuid) else { return }
        #expect(CQLValue.compare(.timeuuid(low), .timeuuid(id), as: .timeuuid) < 0)
    }

    @Test("bind markers read the bound bytes, by position or by name")
    func bindings() throws {
        let bound = TermConverter(bindings: Bindings([.bytes([0, 0, 0, 9]), .null, .unset]))
        #expect(try bound.value(of: .bindMarker(BindMarker(index: 0)), as: .int, for: "a") == .int(9))
        #expect(try bound.value(of: .bindMarker(BindMarker(index: 1)), as: .int, for: "a") == .null)
        #expect(try bound.value(of: .bindMarker(BindMarker(index: 2)), as: .int, for: "a") == nil)
        #expect(throws: InvalidRequest.self) { try bound.requiredValue(of: .bindMarker(BindMarker(index: 2)), as: .int, for: "a") }
        #expect(throws: InvalidRequest.self) { try bound.value(of: .bindMarker(BindMarker(index: 3)), as: .int, for: "a") }
        let malformed = #expect(throws: InvalidRequest.self) { try bound.value(of: .bindMarker(BindMarker(index: 0)), as: .bigint, for: "a") }
        #expect(malformed?.message == "Exception while binding column a: Expected 8 or 0 byte bigint (4)")
        let named = TermConverter(bindings: Bindings([.bytes(Array("x".utf8)), .bytes([0, 0, 0, 1])], names: ["v", "k"]))
        #expect(try named.value(of: .bindMarker(BindMarker(index: 0, name: "k")), as: .int, for: "k") == .int(1))
        #expect(try named.value(of: .list([.bindMarker(BindMarker(index: 1, name: "v"))]), as: .list(.text), for: "l") == .list([.text("x")]))
    }

    @Test("a parsed statement's terms convert end to end")
    func endToEnd() throws {
        guard case .insert(let insert) = try CQLParser.parse(
            "INSERT INTO t (id, at, tags, score) VALUES (?, '2024-03-01T12:00:00Z', {'b', 'a'}, -0.5)") else { return }
        let types: [String: CQLType] = ["id": .uuid, "at": .timestamp, "tags": .set(.text), "score": .float]
        let id = UUID()
        let converter = TermConverter(bindings: Bindings([.bytes(try CQLValue.uuid(id).serialized(as: .uuid))]))
        let values = try zip(insert.columns, insert.values).map { try converter.value(of: $1, as: types[$0]!, for: $0) }
        #expect(values == [.uuid(id), .timestamp(1_709_294_400_000), .set([.text("a"), .text("b")]), .float(-0.5)])
        // Literal text round trips through the parser and converter.
        for value in values.compactMap({ $0 }) where !value.description.contains("?") {
            let type = types[insert.columns[values.firstIndex(of: value)!]]!
            guard case .select(let select) = try CQLParser.parse("SELECT * FROM t WHERE x = \(value.cqlLiteral)") else { continue }
            #expect(try TermConverter().value(of: select.whereClause[0].value, as: type, for: "x") == value)
        }
    }
}
