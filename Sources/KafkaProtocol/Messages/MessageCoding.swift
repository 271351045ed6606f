import NIOCore

/// A Kafka message, or a struct inside one, that reads and writes itself in
/// the layout of a given API version (non-flexible encodings only).
///
/// Every request and response in `Messages/` conforms, and so do the structs
/// nested in their arrays, so arrays of them read and write through
/// `readKafkaArray(_:of:version:)` and `writeKafkaArray(_:version:)`.
public protocol KafkaMessageCodable: Hashable, Sendable {
    /// Reads one value laid out as `version` of its API, naming the field on
    /// malformed or truncated input.
    static func read(from buffer: inout ByteBuffer, version: Int16) throws -> Self
    /// Writes the value laid out as `version` of its API; fields that version
    /// does not have are left out.
    func write(to buffer: inout ByteBuffer, version: Int16)
}

/// The classic (non-flexible) composite types that the message codecs share:
/// int32-count arrays (optionally nullable), int32-length bytes (optionally
/// nullable), non-null int16-length strings and booleans.
extension ByteBuffer {
    // MARK: Arrays

    /// Reads a classic `array`: int32 count, then `count` elements. Errors
    /// from an element are re-thrown with its path, e.g. `topics[2].name`.
    ///
    /// A count that cannot fit the bytes left (each element takes at least
    /// `minimumElementSize` bytes) is an error before anything is allocated.
    public mutating func readKafkaArray<Element>(_ field: String, minimumElementSize: Int = 1,
                                                 _ readElement: (inout ByteBuffer) throws -> Element) throws -> [Element] {
        guard let elements = try readKafkaNullableArray(field, minimumElementSize: minimumElementSize, readElement) else {
            throw KafkaWireError(field, "null where an array is required")
        }
        return elements
    }

    /// Reads a classic `nullable array`: int32 count, -1 for null.
    public mutating func readKafkaNullableArray<Element>(_ field: String, minimumElementSize: Int = 1,
                                                         _ readElement: (inout ByteBuffer) throws -> Element) throws -> [Element]? {
        let count: Int32 = try readKafkaInteger("\(field) count")
        if count == -1 { return nil }
        guard count >= 0 else { throw KafkaWireError(field, "negative count \(count)") }
        guard Int(count) <= readableBytes / Swift.max(minimumElementSize, 1) else {
            throw KafkaWireError(field, "count \(count) does not fit the \(readableBytes) bytes left")
        }
        var elements: [Element] = []
        elements.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            do {
                elements.append(try readElement(&self))
            } catch let error as KafkaWireError {
                let inner = error.field.isEmpty ? "" : ".\(error.field)"
                throw KafkaWireError("\(field)[\(index)]\(inner)", error.problem)
            }
        }
        return elements
    }

    /// Reads a classic array of message structs laid out as `version`.
    public mutating func readKafkaArray<Element: KafkaMessageCodable>(_ field: String, of _: Element.Type,
                                                                      version: Int16) throws -> [Element] {
        try readKafkaArray(field) { try Element.read(from: &$0, version: version) }
    }

    /// Reads a classic nullable array of message structs laid out as `version`.
    public mutating func readKafkaNullableArray<Element: KafkaMessageCodable>(_ field: String, of _: Element.Type,
                                                                              version: Int16) throws -> [Element]? {
        try readKafkaNullableArray(field) { try Element.read(from: &$0, version: version) }
    }

    /// Reads a classic `[int32]` array.
    public mutating func readKafkaInt32Array(_ field: String) throws -> [Int32] {
        try readKafkaArray(field, minimumElementSize: 4) { try $0.readKafkaInteger("") }
    }

    /// Reads a classic `[string]` array (no null elements).
    public mutating func readKafkaStringArray(_ field: String) throws -> [String] {
        try readKafkaArray(field, minimumElementSize: 2) { try $0.readKafkaString("") }
    }

    /// Writes a classic nullable array: int32 count (-1 for nil), then each
    /// element through `writeElement`.
    public mutating func writeKafkaNullableArray<Element>(_ elements: [Element]?,
                                                          _ writeElement: (inout ByteBuffer, Element) -> Void) {
        guard let elements else {
            writeInteger(Int32(-1))
            return
        }
        writeInteger(Int32(elements.count))
        for element in elements { writeElement(&self, element) }
    }

    /// Writes a classic array: int32 count, then each element.
    public mutating func writeKafkaArray<Element>(_ elements: [Element], _ writeElement: (inout ByteBuffer, Element) -> Void) {
        writeKafkaNullableArray(elements, writeElement)
    }

    /// Writes a classic (nullable) array of message structs laid out as `version`.
    public mutating func writeKafkaArray<Element: KafkaMessageCodable>(_ elements: [Element]?, version: Int16) {
        writeKafkaNullableArray(elements) { $1.write(to: &$0, version: version) }
    }

    /// Writes a classic `[int32]` array.
    public mutating func writeKafkaInt32Array(_ values: [Int32]) {
        writeKafkaArray(values) { $0.writeInteger($1) }
    }

    /// Writes a classic `[string]` array.
    public mutating func writeKafkaStringArray(_ values: [String]) {
        writeKafkaArray(values) { $0.writeKafkaString($1) }
    }

    // MARK: Bytes, strings, booleans

    /// Reads classic `nullable bytes` (and `records`): int32 length, -1 for
    /// null. The bytes come back as a slice of this buffer, not a copy.
    public mutating func readKafkaNullableBytes(_ field: String) throws -> ByteBuffer? {
        let length: Int32 = try readKafkaInteger("\(field) length")
        if length == -1 { return nil }
        guard length >= 0 else { throw KafkaWireError(field, "negative length \(length)") }
        guard let bytes = readSlice(length: Int(length)) else {
            throw KafkaWireError.truncated(field, need: Int(length), have: readableBytes)
        }
        return bytes
    }

    /// Writes classic `nullable bytes` (and `records`): int32 length (-1 for nil), then the bytes.
    public mutating func writeKafkaNullableBytes(_ bytes: ByteBuffer?) {
        guard let bytes else {
            writeInteger(Int32(-1))
            return
        }
        writeInteger(Int32(bytes.readableBytes))
        writeImmutableBuffer(bytes)
    }

    /// Reads classic `bytes`: int32 length, then the bytes (null is an error).
    public mutating func readKafkaBytes(_ field: String) throws -> [UInt8] {
        guard let bytes = try readKafkaNullableBytes(field) else {
            throw KafkaWireError(field, "null where bytes are required")
        }
        return Array(bytes.readableBytesView)
    }

    /// Writes classic `bytes`: int32 length, then the bytes.
    public mutating func writeKafkaBytes(_ bytes: [UInt8]) {
        writeInteger(Int32(bytes.count))
        writeBytes(bytes)
    }

    /// Reads a classic `string`: int16 length, then UTF-8 (null is an error).
    public mutating func readKafkaString(_ field: @autoclosure () -> String) throws -> String {
        guard let text = try readKafkaNullableString(field()) else {
            throw KafkaWireError(field(), "null where a string is required")
        }
        return text
    }

    /// Reads an int16 error code.
    public mutating func readKafkaErrorCode(_ field: @autoclosure () -> String = "error_code") throws -> ErrorCode {
        ErrorCode(rawValue: try readKafkaInteger(field()))
    }

    /// Reads a `bool`: one byte, any non-zero value is true.
    public mutating func readKafkaBool(_ field: @autoclosure () -> String) throws -> Bool {
        try readKafkaInteger(field(), as: Int8.self) != 0
    }

    /// Writes a `bool` as 0 or 1.
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(Int8(value ? 1 : 0))
    }
}
