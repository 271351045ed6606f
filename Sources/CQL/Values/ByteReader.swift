/// Reads big-endian numbers and length-prefixed byte strings off a byte
/// array, saying what was short when the input ends early.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset >= bytes.count }

    mutating func read(_ count: Int, for what: @autoclosure () -> String) throws(CQLValueError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else {
            throw CQLValueError("\(what()) needs \(count) bytes but only \(remaining) remain")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func readByte(for what: @autoclosure () -> String) throws(CQLValueError) -> UInt8 {
        let byte = try read(1, for: what())
        return byte[byte.startIndex]
    }

    mutating func readUInt16(for what: @autoclosure () -> String) throws(CQLValueError) -> UInt16 {
        UInt16(bigEndianBytes: try read(2, for: what()))
    }

    mutating func readInt32(for what: @autoclosure () -> String) throws(CQLValueError) -> Int32 {
        Int32(bigEndianBytes: try read(4, for: what()))
    }

    /// A `[bytes]`: an int length, then that many bytes; a negative length is null.
    mutating func readBytes(for what: @autoclosure () -> String) throws(CQLValueError) -> [UInt8]? {
        let length = try readInt32(for: "the length of \(what())")
        if length < 0 { return nil }
        return Array(try read(Int(length), for: what()))
    }
}

extension FixedWidthInteger {
    /// From exactly `MemoryLayout<Self>.size` big-endian bytes.
    init(bigEndianBytes bytes: some Collection<UInt8>) {
        self = bytes.reduce(Self.zero) { $0 << 8 | Self(truncatingIfNeeded: $1) }
    }

    /// The big-endian bytes.
    var bigEndianBytes: [UInt8] {
        withUnsafeBytes(of: bigEndian) { Array($0) }
    }
}

extension [UInt8] {
    /// Appends a `[bytes]`: int length then the bytes, or length -1 for nil.
    mutating func appendBytes(_ value: [UInt8]?) {
        guard let value else {
            append(contentsOf: Int32(-1).bigEndianBytes)
            return
        }
        append(contentsOf: Int32(value.count).bigEndianBytes)
        append(contentsOf: value)
    }

    /// Lower-case hex digits, for messages and literals.
    var hexDigits: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
