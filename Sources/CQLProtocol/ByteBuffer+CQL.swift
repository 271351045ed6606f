import NIOCore

/// The native protocol's notations (spec §3) on a `ByteBuffer`: [int],
/// [long], [short], [string], [long string], [uuid], [string list], [bytes],
/// [value], [short bytes], [string map], [string multimap] and [bytes map].
/// ([option], [inet] and [consistency] live next to their types.)
///
/// Every reader names the field it reads, so a malformed message says
/// exactly what was wrong: `malformed QUERY query: needs 80 bytes, 12 left`.
extension ByteBuffer {
    // MARK: Integers

    /// Reads a big-endian [byte], [short], [int] or [long], or throws naming `field`.
    @inlinable
    public mutating func readCQLInteger<T: FixedWidthInteger>(_ field: @autoclosure () -> String,
                                                             as: T.Type = T.self) throws -> T {
        guard let value = readInteger(as: T.self) else {
            throw CQLWireError.truncated(field(), need: MemoryLayout<T>.size, have: readableBytes)
        }
        return value
    }

    /// Reads a [short] count or length (unsigned).
    mutating func readCQLShort(_ field: @autoclosure () -> String) throws -> Int {
        Int(try readCQLInteger(field(), as: UInt16.self))
    }

    /// Reads a [short] or [int] count of elements that take at least
    /// `minimumSize` bytes each; a count the bytes left cannot hold is an
    /// error before anything is allocated.
    mutating func readCQLCount(_ field: @autoclosure () -> String, short: Bool = true, minimumSize: Int) throws -> Int {
        let count = short ? try readCQLShort("\(field()) count") : Int(try readCQLInteger("\(field()) count", as: Int32.self))
        guard count >= 0 else { throw CQLWireError(field(), "negative count \(count)") }
        guard count <= readableBytes / Swift.max(minimumSize, 1) else {
            throw CQLWireError(field(), "count \(count) does not fit the \(readableBytes) bytes left")
        }
        return count
    }

    // MARK: Strings

    /// Reads `length` bytes of UTF-8, or throws naming `field`.
    mutating func readCQLText(_ field: @autoclosure () -> String, length: Int) throws -> String {
        guard let bytes = readBytes(length: length) else {
            throw CQLWireError.truncated(field(), need: length, have: readableBytes)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid UTF-8 with U+FFFD, which changes the bytes.
        guard text.utf8.elementsEqual(bytes) else { throw CQLWireError(field(), "not valid UTF-8") }
        return text
    }

    /// Writes a [string]: [short] length, then UTF-8. A string longer than
    /// 65535 bytes is cut at the last whole character that fits.
    public mutating func writeCQLString(_ value: String) {
        var utf8 = Substring(value).utf8
        if utf8.count > Int(UInt16.max) {
            var end = utf8.index(utf8.startIndex, offsetBy: Int(UInt16.max))
            while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) { end = utf8.index(before: end) }
            utf8 = Substring(value)[..<end].utf8
        }
        writeInteger(UInt16(utf8.count))
        writeBytes(utf8)
    }

    /// Reads a [string].
    public mutating func readCQLString(_ field: @autoclosure () -> String) throws -> String {
        try readCQLText(field(), length: try readCQLShort("\(field()) length"))
    }

    /// Writes a [long string]: [int] length, then UTF-8.
    public mutating func writeCQLLongString(_ value: String) {
        writeInteger(Int32(value.utf8.count))
        writeString(value)
    }

    /// Reads a [long string].
    public mutating func readCQLLongString(_ field: @autoclosure () -> String) throws -> String {
        let length: Int32 = try readCQLInteger("\(field()) length")
        guard length >= 0 else { throw CQLWireError(field(), "negative length \(length)") }
        return try readCQLText(field(), length: Int(length))
    }

    /// Writes a [string list]: [short] n, then n [string].
    public mutating func writeCQLStringList(_ values: [String]) {
        writeInteger(UInt16(values.count))
        for value in values { writeCQLString(value) }
    }

    /// Reads a [string list].
    public mutating func readCQLStringList(_ field: @autoclosure () -> String) throws -> [String] {
        let count = try readCQLCount(field(), minimumSize: 2)
        return try (0..<count).map { try readCQLString("\(field())[\($0)]") }
    }

    // MARK: UUIDs

    /// Writes a [uuid]: its 16 bytes.
    public mutating func writeCQLUUID(_ value: [UInt8]) {
        precondition(value.count == 16, "a [uuid] is 16 bytes")
        writeBytes(value)
    }

    /// Reads a [uuid] as its 16 bytes.
    public mutating func readCQLUUID(_ field: @autoclosure () -> String) throws -> [UInt8] {
        guard let bytes = readBytes(length: 16) else { throw CQLWireError.truncated(field(), need: 16, have: readableBytes) }
        return bytes
    }

    // MARK: Bytes

    /// Writes [bytes]: [int] length (-1 for null), then the bytes.
    public mutating func writeCQLBytes(_ value: [UInt8]?) {
        guard let value else {
            writeInteger(Int32(-1))
            return
        }
        writeInteger(Int32(value.count))
        writeBytes(value)
    }

    /// Reads [bytes]; any negative length is null.
    public mutating func readCQLBytes(_ field: @autoclosure () -> String) throws -> [UInt8]? {
        let length: Int32 = try readCQLInteger("\(field()) length")
        if length < 0 { return nil }
        guard let bytes = readBytes(length: Int(length)) else {
            throw CQLWireError.truncated(field(), need: Int(length), have: readableBytes)
        }
        return bytes
    }

    /// Writes a [value]: [bytes], with -2 for "unset".
    public mutating func writeCQLValue(_ value: BoundValue) {
        switch value {
        case .value(let bytes): writeCQLBytes(bytes)
        case .null: writeInteger(Int32(-1))
        case .unset: writeInteger(Int32(-2))
        }
    }

    /// Reads a [value]: -1 is null, -2 unset, below -2 an error.
    public mutating func readCQLValue(_ field: @autoclosure () -> String) throws -> BoundValue {
        guard let length = getInteger(at: readerIndex, as: Int32.self) else {
            throw CQLWireError.truncated("\(field()) length", need: 4, have: readableBytes)
        }
        switch length {
        case -1: moveReaderIndex(forwardBy: 4); return .null
        case -2: moveReaderIndex(forwardBy: 4); return .unset
        case ..<(-2): throw CQLWireError(field(), "length \(length) (a [value] may only be -1 for null or -2 for unset)")
        default: return .value(try readCQLBytes(field())!)
        }
    }

    /// Writes [short bytes]: [short] length, then the bytes.
    public mutating func writeCQLShortBytes(_ value: [UInt8]) {
        precondition(value.count <= Int(UInt16.max), "[short bytes] hold at most 65535 bytes")
        writeInteger(UInt16(value.count))
        writeBytes(value)
    }

    /// Reads [short bytes].
    public mutating func readCQLShortBytes(_ field: @autoclosure () -> String) throws -> [UInt8] {
        let length = try readCQLShort("\(field()) length")
        guard let bytes = readBytes(length: length) else {
            throw CQLWireError.truncated(field(), need: length, have: readableBytes)
        }
        return bytes
    }

    // MARK: Maps (written in key order, so the bytes are stable)

    /// Writes a [string map]: [short] n, then n [string] key and [string] value pairs.
    public mutating func writeCQLStringMap(_ map: [String: String]) {
        writeInteger(UInt16(map.count))
        for key in map.keys.sorted() {
            writeCQLString(key)
            writeCQLString(map[key]!)
        }
    }

    /// Reads a [string map].
    public mutating func readCQLStringMap(_ field: @autoclosure () -> String) throws -> [String: String] {
        try readCQLMap(field(), minimumSize: 4) { try $0.readCQLString($1) }
    }

    /// Writes a [string multimap]: [short] n, then n [string] key and [string list] value pairs.
    public mutating func writeCQLStringMultimap(_ map: [String: [String]]) {
        writeInteger(UInt16(map.count))
        for key in map.keys.sorted() {
            writeCQLString(key)
            writeCQLStringList(map[key]!)
        }
    }

    /// Reads a [string multimap].
    public mutating func readCQLStringMultimap(_ field: @autoclosure () -> String) throws -> [String: [String]] {
        try readCQLMap(field(), minimumSize: 4) { try $0.readCQLStringList($1) }
    }

    /// Writes a [bytes map]: [short] n, then n [string] key and [bytes] value pairs.
    public mutating func writeCQLBytesMap(_ map: [String: [UInt8]?]) {
        writeInteger(UInt16(map.count))
        for key in map.keys.sorted() {
            writeCQLString(key)
            writeCQLBytes(map[key]!)
        }
    }

    /// Reads a [bytes map].
    public mutating func readCQLBytesMap(_ field: @autoclosure () -> String) throws -> [String: [UInt8]?] {
        try readCQLMap(field(), minimumSize: 6) { try $0.readCQLBytes($1) }
    }

    /// Reads a [short] n, then n [string] keys each followed by a value; a repeated key is an error.
    private mutating func readCQLMap<Value>(_ field: String, minimumSize: Int,
                                            _ readValue: (inout ByteBuffer, String) throws -> Value) throws -> [String: Value] {
        let count = try readCQLCount(field, minimumSize: minimumSize)
        var map: [String: Value] = [:]
        for index in 0..<count {
            let key = try readCQLString("\(field)[\(index)] key")
            guard map[key] == nil else { throw CQLWireError(field, "key \"\(key)\" appears twice") }
            map[key] = try readValue(&self, "\(field)[\(key)]")
        }
        return map
    }
}
