import NIOCore

/// Kafka's primitive types on a `ByteBuffer`: big-endian integers, zig-zag
/// varints, length-prefixed strings and bytes, in their classic (int16/int32
/// length) and compact (unsigned varint length + 1) forms.
extension ByteBuffer {
    /// Reads a big-endian integer, or throws naming `field`.
    @inlinable
    public mutating func readKafkaInteger<T: FixedWidthInteger>(_ field: @autoclosure () -> String,
                                                               as: T.Type = T.self) throws -> T {
        guard let value = readInteger(as: T.self) else {
            throw KafkaWireError.truncated(field(), need: MemoryLayout<T>.size, have: readableBytes)
        }
        return value
    }

    // MARK: Varints

    /// Writes an unsigned LEB128 varint (all its bytes at once: a record
    /// batch writes several per record).
    public mutating func writeUnsignedVarint(_ value: UInt64) {
        if value < 0x80 {
            writeInteger(UInt8(value))
            return
        }
        writeWithUnsafeMutableBytes(minimumWritableBytes: 10) { out in
            var v = value
            var count = 0
            while v >= 0x80 {
                out[count] = UInt8(truncatingIfNeeded: v) | 0x80
                v >>= 7
                count += 1
            }
            out[count] = UInt8(v)
            return count + 1
        }
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    public mutating func readUnsignedVarint(_ field: @autoclosure () -> String) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = readInteger(as: UInt8.self) else {
                throw KafkaWireError(field(), "varint ends early")
            }
            guard shift < 64 else { throw KafkaWireError(field(), "varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Writes a zig-zag varint (Kafka's `varint` and `varlong`).
    public mutating func writeVarint(_ value: Int64) {
        writeUnsignedVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Reads a zig-zag varint.
    public mutating func readVarint(_ field: @autoclosure () -> String) throws -> Int64 {
        let raw = try readUnsignedVarint(field())
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Reads a zig-zag varint that must fit an `Int32` (Kafka's `varint`).
    public mutating func readVarint32(_ field: @autoclosure () -> String) throws -> Int32 {
        let value = try readVarint(field())
        guard let narrow = Int32(exactly: value) else { throw KafkaWireError(field(), "varint \(value) exceeds 32 bits") }
        return narrow
    }

    /// The number of bytes `writeVarint(value)` writes.
    public static func varintSize(_ value: Int64) -> Int {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        var size = 1
        while v >= 0x80 {
            v >>= 7
            size += 1
        }
        return size
    }

    // MARK: Strings and bytes

    /// Reads `length` bytes, or throws naming `field`.
    public mutating func readKafkaBytes(_ field: @autoclosure () -> String, length: Int) throws -> [UInt8] {
        guard length >= 0 else { throw KafkaWireError(field(), "negative length \(length)") }
        guard let bytes = readBytes(length: length) else {
            throw KafkaWireError.truncated(field(), need: length, have: readableBytes)
        }
        return bytes
    }

    /// Reads `length` bytes of UTF-8, or throws naming `field`.
    public mutating func readKafkaString(_ field: @autoclosure () -> String, length: Int) throws -> String {
        let bytes = try readKafkaBytes(field(), length: length)
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid UTF-8 with U+FFFD, which changes the bytes.
        guard text.utf8.elementsEqual(bytes) else { throw KafkaWireError(field(), "not valid UTF-8") }
        return text
    }

    /// Writes a classic `string`: int16 length, then UTF-8.
    public mutating func writeKafkaString(_ value: String) {
        precondition(value.utf8.count <= Int16.max, "a Kafka string holds at most 32767 bytes")
        writeInteger(Int16(value.utf8.count))
        writeString(value)
    }

    /// Writes a classic `nullable string`: int16 length (-1 for null), then UTF-8.
    public mutating func writeKafkaNullableString(_ value: String?) {
        guard let value else {
            writeInteger(Int16(-1))
            return
        }
        writeKafkaString(value)
    }

    /// Reads a classic `nullable string`.
    public mutating func readKafkaNullableString(_ field: @autoclosure () -> String) throws -> String? {
        let length: Int16 = try readKafkaInteger("\(field()) length")
        if length == -1 { return nil }
        return try readKafkaString(field(), length: Int(length))
    }

    /// Writes a `compact string`: unsigned varint length + 1, then UTF-8.
    public mutating func writeKafkaCompactString(_ value: String?) {
        guard let value else { return writeUnsignedVarint(0) }
        writeUnsignedVarint(UInt64(value.utf8.count) + 1)
        writeString(value)
    }

    /// Reads a `compact nullable string`.
    public mutating func readKafkaCompactString(_ field: @autoclosure () -> String) throws -> String? {
        let lengthPlusOne = try readUnsignedVarint("\(field()) length")
        if lengthPlusOne == 0 { return nil }
        guard lengthPlusOne - 1 <= UInt64(readableBytes) else {
            throw KafkaWireError.truncated(field(), need: Int(clamping: lengthPlusOne - 1), have: readableBytes)
        }
        return try readKafkaString(field(), length: Int(lengthPlusOne - 1))
    }

    /// Skips a flexible message's tagged fields (we define none of our own).
    public mutating func skipKafkaTaggedFields(_ field: @autoclosure () -> String) throws {
        let count = try readUnsignedVarint("\(field()) tagged field count")
        for _ in 0..<count {
            _ = try readUnsignedVarint("\(field()) tag")
            let size = try readUnsignedVarint("\(field()) tagged field size")
            guard size <= UInt64(readableBytes) else {
                throw KafkaWireError.truncated("\(field()) tagged field", need: Int(clamping: size), have: readableBytes)
            }
            moveReaderIndex(forwardBy: Int(size))
        }
    }
}
