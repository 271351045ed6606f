import Foundation

/// A small JSON reader for one object per line, straight into a row: much
/// faster than JSONDecoder per line. Keys are lower-cased; nested objects
/// are kept as their JSON text. Nil for anything that is not one JSON object.
struct SQLJSONParser {
    private let bytes: UnsafeRawBufferPointer
    private var i = 0

    static func row(_ line: UnsafeRawBufferPointer) -> SQLRow? {
        var parser = SQLJSONParser(bytes: line)
        parser.skipSpace()
        guard let row = parser.object() else { return nil }
        parser.skipSpace()
        return parser.i == line.count ? row : nil
    }

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func accept(_ byte: UInt8) -> Bool {
        skipSpace()
        guard peek == byte else { return false }
        i += 1
        return true
    }

    private mutating func object() -> SQLRow? {
        guard accept(UInt8(ascii: "{")) else { return nil }
        var row = SQLRow(minimumCapacity: 8)
        if accept(UInt8(ascii: "}")) { return row }
        repeat {
            skipSpace()
            guard let key = string(), accept(UInt8(ascii: ":")), let value = value() else { return nil }
            row[key.lowercased()] = value
        } while accept(UInt8(ascii: ","))
        return accept(UInt8(ascii: "}")) ? row : nil
    }

    private mutating func value() -> SQLValue? {
        skipSpace()
        guard let c = peek else { return nil }
        switch c {
        case UInt8(ascii: "\""): return string().map(SQLValue.string)
        case UInt8(ascii: "["):
            i += 1
            var values: [SQLValue] = []
            if accept(UInt8(ascii: "]")) { return .array(values) }
            repeat {
                guard let v = value() else { return nil }
                values.append(v)
            } while accept(UInt8(ascii: ","))
            return accept(UInt8(ascii: "]")) ? .array(values) : nil
        case UInt8(ascii: "{"):
            let start = i
            guard object() != nil else { return nil }
            return .string(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ value: SQLValue) -> SQLValue? {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count, memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0 else { return nil }
        i += n
        return value
    }

    private mutating func number() -> SQLValue? {
        let start = i
        var negative = false
        if peek == UInt8(ascii: "-") { negative = true; i += 1 }
        var integer: Int64 = 0
        var digits = 0
        var overflow = false
        while let c = peek, c >= 0x30 && c <= 0x39 {
            let (m, o1) = integer.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(c - 0x30))
            overflow = overflow || o1 || o2
            integer = a
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        var isDecimal = false
        while let c = peek, c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+")
                || c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
            isDecimal = true
            i += 1
        }
        if !isDecimal && !overflow { return .int(negative ? -integer : integer) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        return Double(text).map(SQLValue.double)
    }

    /// A string at the cursor (which is at its opening quote), escapes decoded.
    private mutating func string() -> String? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        // The common case: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return s
        }
        // Escapes: find the closing quote and let Foundation decode the literal.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        guard i < bytes.count else { return nil }
        i += 1
        let literal = Data(UnsafeRawBufferPointer(rebasing: bytes[(start - 1)..<i]))
        return try? JSONDecoder().decode(String.self, from: literal)
    }
}
