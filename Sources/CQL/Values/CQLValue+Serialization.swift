import Foundation

extension CQLValue {
    /// The value's bytes as the native protocol v4 carries them (spec §6):
    /// fixed-width big-endian numbers, UTF-8 text, `[int]` count then `[bytes]`
    /// elements for collections (sets sorted and deduplicated, maps sorted by
    /// key, in the element type's order), `[bytes]` fields for tuples.
    /// Throws for `.null` (the protocol writes null as length -1, see
    /// `serializedOrNull(as:)`) and for a value that does not fit the type.
    public func serialized(as type: CQLType) throws(CQLValueError) -> [UInt8] {
        var out: [UInt8] = []
        try serialize(as: type, into: &out)
        return out
    }

    /// The serialized bytes, or nil for `.null`.
    public func serializedOrNull(as type: CQLType) throws(CQLValueError) -> [UInt8]? {
        isNull ? nil : try serialized(as: type)
    }

    func serialize(as type: CQLType, into out: inout [UInt8]) throws(CQLValueError) {
        switch (type, self) {
        case (.frozen(let inner), _): try serialize(as: inner, into: &out)
        case (_, .null): throw CQLValueError("null cannot be serialized as a \(type) value here")
        case (.ascii, .text(let text)):
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else { throw CQLValueError("Invalid ASCII character in \(cqlLiteral)") }
            out += text.utf8
        case (.text, .text(let text)): out += text.utf8
        case (.int, .int(let n)): out += n.bigEndianBytes
        case (.bigint, .bigint(let n)), (.counter, .bigint(let n)), (.timestamp, .timestamp(let n)): out += n.bigEndianBytes
        case (.smallint, .smallint(let n)): out += n.bigEndianBytes
        case (.tinyint, .tinyint(let n)): out += n.bigEndianBytes
        case (.boolean, .boolean(let b)): out.append(b ? 1 : 0)
        case (.double, .double(let d)): out += d.bitPattern.bigEndianBytes
        case (.float, .float(let f)): out += f.bitPattern.bigEndianBytes
        case (.date, .date(let days)): out += (UInt32(bitPattern: days) ^ 0x8000_0000).bigEndianBytes
        case (.time, .time(let nanos)):
            guard (0..<86_400_000_000_000).contains(nanos) else { throw CQLValueError("time \(nanos) ns is outside one day") }
            out += nanos.bigEndianBytes
        case (.uuid, .uuid(let id)), (.uuid, .timeuuid(let id)): out += id.bytes
        case (.timeuuid, .uuid(let id)), (.timeuuid, .timeuuid(let id)):
            guard id.version == 1 else { throw CQLValueError("Unsupported UUID version (\(id.version)) for timeuuid: \(id.uuidString.lowercased())") }
            out += id.bytes
        case (.blob, .blob(let bytes)), (.custom, .blob(let bytes)): out += bytes
        case (.inet, .inet(let bytes)):
            guard bytes.count == 4 || bytes.count == 16 else { throw CQLValueError("an inet address has 4 or 16 bytes, not \(bytes.count)") }
            out += bytes
        case (.varint, .varint(let n)): out += n.bytes
        case (.decimal, .decimal(let unscaled, let scale)): out += scale.bigEndianBytes + unscaled.bytes
        case (.list(let element), .list(let elements)), (.list(let element), .set(let elements)):
            try Self.serializeElements(elements, as: element, into: &out)
        case (.set(let element), .set(let elements)), (.set(let element), .list(let elements)):
            try Self.serializeElements(Self.sortedUnique(elements, as: element), as: element, into: &out)
        case (.map(let keyType, let valueType), .map(let entries)):
            let sorted = Self.sortedUnique(entries, as: keyType)
            out += Int32(sorted.count).bigEndianBytes
            for entry in sorted {
                guard !entry.key.isNull, !entry.value.isNull else { throw CQLValueError("null is not supported inside collections") }
                out.appendBytes(try entry.key.serialized(as: keyType))
                out.appendBytes(try entry.value.serialized(as: valueType))
            }
        case (.tuple(let types), .tuple(let fields)):
            guard fields.count <= types.count else {
                throw CQLValueError("a tuple of \(types.count) fields cannot hold \(fields.count) values")
            }
            for (field, fieldType) in zip(fields, types) {
                out.appendBytes(try field.serializedOrNull(as: fieldType))
            }
        default:
            throw CQLValueError("cannot serialize \(cqlLiteral) as \(type)")
        }
    }

    static func serializeElements(_ elements: [CQLValue], as type: CQLType, into out: inout [UInt8]) throws(CQLValueError) {
        out += Int32(elements.count).bigEndianBytes
        for element in elements {
            guard !element.isNull else { throw CQLValueError("null is not supported inside collections") }
            out.appendBytes(try element.serialized(as: type))
        }
    }

    /// Whether `bytes` is a value of `type` already in the form
    /// `serialized(as:)` would give it back, so a store may keep the bytes
    /// as they came without reading them: UTF-8 text, ASCII, a blob, or a
    /// number, date or boolean of exactly its width. False for every other
    /// type and for bytes that do not qualify (empty fixed-width bytes,
    /// which read as null, or a boolean other than 0 or 1): those take
    /// `deserialize(_:as:)`, with its errors.
    public static func isCanonicalSerialization(_ bytes: [UInt8], of type: CQLType) -> Bool {
        switch type {
        case .text: bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
        case .ascii: bytes.allSatisfy { $0 < 0x80 }
        case .blob: true
        case .bigint, .timestamp, .double: bytes.count == 8
        case .int, .float, .date: bytes.count == 4
        case .smallint: bytes.count == 2
        case .tinyint: bytes.count == 1
        case .boolean: bytes.count == 1 && bytes[0] <= 1
        default: false
        }
    }

    /// Reads a value of `type` from its serialized bytes (the inverse of
    /// `serialized(as:)`). Empty bytes for a fixed-width type read as `.null`
    /// (Cassandra's "empty" value).
    public static func deserialize(_ bytes: [UInt8], as type: CQLType) throws(CQLValueError) -> CQLValue {
        func fixed(_ width: Int) throws(CQLValueError) -> Bool {
            if bytes.isEmpty { return false }
            guard bytes.count == width else {
                throw CQLValueError("Expected \(width) or 0 byte \(type) (\(bytes.count))")
            }
            return true
        }
        switch type {
        case .frozen(let inner): return try deserialize(bytes, as: inner)
        case .ascii:
            guard bytes.allSatisfy({ $0 < 0x80 }) else { throw CQLValueError("Invalid byte for ascii: non-ASCII bytes in 0x\(bytes.hexDigits)") }
            return .text(String(decoding: bytes, as: UTF8.self))
        case .text:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw CQLValueError("String didn't validate: 0x\(bytes.hexDigits) is not UTF-8") }
            return .text(text)
        case .int: return try fixed(4) ? .int(Int32(bigEndianBytes: bytes)) : .null
        case .bigint, .counter: return try fixed(8) ? .bigint(Int64(bigEndianBytes: bytes)) : .null
        case .timestamp: return try fixed(8) ? .timestamp(Int64(bigEndianBytes: bytes)) : .null
        case .smallint: return try fixed(2) ? .smallint(Int16(bigEndianBytes: bytes)) : .null
        case .tinyint: return try fixed(1) ? .tinyint(Int8(bitPattern: bytes[0])) : .null
        case .boolean: return try fixed(1) ? .boolean(bytes[0] != 0) : .null
        case .double: return try fixed(8) ? .double(Double(bitPattern: UInt64(bigEndianBytes: bytes))) : .null
        case .float: return try fixed(4) ? .float(Float(bitPattern: UInt32(bigEndianBytes: bytes))) : .null
        case .date: return try fixed(4) ? .date(Int32(bitPattern: UInt32(bigEndianBytes: bytes) ^ 0x8000_0000)) : .null
        case .time:
            guard try fixed(8) else { return .null }
            let nanos = Int64(bigEndianBytes: bytes)
            guard (0..<86_400_000_000_000).contains(nanos) else { throw CQLValueError("time \(nanos) ns is outside one day") }
            return .time(nanos)
        case .uuid: return try fixed(16) ? .uuid(UUID(bytes: bytes)) : .null
        case .timeuuid:
            guard try fixed(16) else { return .null }
            let id = UUID(bytes: bytes)
            guard id.version == 1 else { throw CQLValueError("Unsupported UUID version (\(id.version)) for timeuuid: \(id.uuidString.lowercased())") }
            return .timeuuid(id)
        case .blob, .custom: return .blob(bytes)
        case .inet:
            if bytes.isEmpty { return .null }
            guard bytes.count == 4 || bytes.count == 16 else { throw CQLValueError("Expected 4 or 16 byte inet address (\(bytes.count))") }
            return .inet(bytes)
        case .varint: return bytes.isEmpty ? .null : .varint(CQLVarint(twosComplement: bytes))
        case .decimal:
            if bytes.isEmpty { return .null }
            guard bytes.count > 4 else { throw CQLValueError("Expected at least 5 bytes for a decimal (\(bytes.count))") }
            return .decimal(unscaled: CQLVarint(twosComplement: Array(bytes[4...])), scale: Int32(bigEndianBytes: bytes[0..<4]))
        case .list(let element), .set(let element):
            if bytes.isEmpty { return .null }
            var reader = ByteReader(bytes)
            let count = try reader.readInt32(for: "the element count of a \(type)")
            guard count >= 0 else { throw CQLValueError("negative element count \(count) in a \(type)") }
            var elements: [CQLValue] = []
            for index in 0..<Int(count) {
                guard let elementBytes = try reader.readBytes(for: "element \(index) of a \(type)") else {
                    throw CQLValueError("null is not supported inside collections")
                }
                elements.append(try deserialize(elementBytes, as: element))
            }
            try reader.expectEnd(for: type)
            if case .set = type { return .set(sortedUnique(elements, as: element)) }
            return .list(elements)
        case .map(let keyType, let valueType):
            if bytes.isEmpty { return .null }
            var reader = ByteReader(bytes)
            let count = try reader.readInt32(for: "the entry count of a \(type)")
            guard count >= 0 else { throw CQLValueError("negative entry count \(count) in a \(type)") }
            var entries: [MapEntry] = []
            for index in 0..<Int(count) {
                guard let key = try reader.readBytes(for: "key \(index) of a \(type)"),
                      let value = try reader.readBytes(for: "value \(index) of a \(type)") else {
                    throw CQLValueError("null is not supported inside collections")
                }
                entries.append(MapEntry(try deserialize(key, as: keyType), try deserialize(value, as: valueType)))
            }
            try reader.expectEnd(for: type)
            return .map(sortedUnique(entries, as: keyType))
        case .tuple(let types):
            if bytes.isEmpty { return .null }
            var reader = ByteReader(bytes)
            var fields: [CQLValue] = []
            for (index, fieldType) in types.enumerated() {
                if reader.isAtEnd { fields.append(.null); continue }
                let field = try reader.readBytes(for: "field \(index) of a \(type)")
                fields.append(try field.map { (bytes) throws(CQLValueError) in try deserialize(bytes, as: fieldType) } ?? .null)
            }
            try reader.expectEnd(for: type)
            return .tuple(fields)
        case .duration:
            throw CQLValueError("duration values are not supported")
        }
    }
}

extension ByteReader {
    func expectEnd(for type: CQLType) throws(CQLValueError) {
        guard isAtEnd else { throw CQLValueError("\(remaining) extra bytes after a \(type) value") }
    }
}

extension UUID {
    /// From 16 bytes, most significant first.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16, "a UUID has 16 bytes")
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The 16 bytes, most significant first.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: uuid) { Array($0) }
    }

    /// The RFC 4122 version (1 for a timeuuid, 4 for a random one).
    public var version: Int { Int(uuid.6 >> 4) }
}
