import Contracts
import Foundation
import Testing

@Suite("JSONValue.parse: the API's one-pass JSON reader")
struct JSONParserTests {
    @Test("objects, arrays, strings with escapes, numbers, literals")
    func values() throws {
        let text = #" {"a": 1, "b": -2.5, "c": "x\"y\\z\n\u00e9\ud83d\ude00", "d": [true, false, null, {}], "e": 1e3, "f": 9223372036854775807} "#
        let fields = try JSONValue.parseObject(Array(text.utf8))
        #expect(fields["a"] == .integer(1))
        #expect(fields["b"] == .number(-2.5))
        #expect(fields["c"] == .string("x\"y\\z\né😀"))
        #expect(fields["d"] == .array([.bool(true), .bool(false), .null, .object([:])]))
        #expect(fields["e"] == .integer(1000))
        #expect(fields["f"] == .integer(.max))
    }

    @Test("what is not JSON throws, saying where", arguments: [
        "", "   ", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "{\"a\":01}", "{\"a\":1.}", "{\"a\":tru}", "\"\\ud800\"",
        "{\"a\":\"\u{01}\"}", "{\"a\":1} x", "{'a':1}", "{\"a\":\"\\x\"}", "-", "1e",
    ])
    func invalid(text: String) {
        #expect(throws: JSONSyntaxError.self, "\(text.debugDescription)") { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test("strings: UTF-8 kept as sent, bytes that are not UTF-8 refused, with escapes and without")
    func utf8() throws {
        #expect(try JSONValue.parse(Array(#""ascii""#.utf8)) == .string("ascii"))
        #expect(try JSONValue.parse(Array(#""Zürich 😀""#.utf8)) == .string("Zürich 😀"))
        #expect(try JSONValue.parse(Array(#""Zürich\n😀""#.utf8)) == .string("Zürich\n😀"))
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), n = UInt8(ascii: "n")
        for bad: [UInt8] in [[quote, 0xFF, quote], [quote, 0x61, 0xC3, quote], [quote, backslash, n, 0xC3, 0x28, quote], [quote, 0xED, 0xA0, 0x80, quote]] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
    }

    @Test("nesting deeper than 64 throws instead of overflowing the stack")
    func depth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Array(deep.utf8)) }
    }

    @Test("agrees with JSONDecoder on generated events")
    func agrees() throws {
        var random = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let text = String((0..<Int(random.next() % 20)).map { _ in Character(Unicode.Scalar(UInt8(32 + random.next() % 95))) })
            let object: [String: Any] = ["type": "post", "user": Int(random.next() % 1_000_000), "text": text + "é\n\t\"\\",
                                         "ts": Int64(random.next() % 1_000_000_000_000)]
            let data = try JSONSerialization.data(withJSONObject: object)
            #expect(try JSONValue.parseObject(data) == JSONDecoder().decode([String: JSONValue].self, from: data))
        }
    }

    @Test("integers at the edges of Int64 are integers; past them, numbers")
    func integerEdges() throws {
        let fields = try JSONValue.parseObject(Array(#"{"max":9223372036854775807,"min":-9223372036854775808,"over":9223372036854775808,"zero":-0,"big":123456789012345678901234}"#.utf8))
        #expect(fields["max"] == .integer(.max))
        #expect(fields["min"] == .integer(.min))
        #expect(fields["over"] == .number(9_223_372_036_854_775_808))
        #expect(fields["zero"] == .integer(0))
        #expect(fields["big"] == .number(123_456_789_012_345_678_901_234))
    }

    @Test("forEachField gives every field in order, with the same values as parseObject; not an object throws")
    func forEachField() throws {
        let text = #" {"b": [1, {"x": null}], "a": "é\n", "c": -3, "a": 2} "#
        var seen: [(String, JSONValue)] = []
        try JSONValue.forEachField(of: Array(text.utf8)) { seen.append(($0, $1)) }
        #expect(seen.map(\.0) == ["b", "a", "c", "a"])
        #expect(seen[0].1 == .array([.integer(1), .object(["x": .null])]))
        #expect(seen[1].1 == .string("é\n"))
        #expect(seen[2].1 == .integer(-3))
        for bad in ["[1]", "{\"a\":1", "{\"a\":1} {}", "1"] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONValue.forEachField(of: Array(bad.utf8)) { _, _ in } }
        }
    }
}
