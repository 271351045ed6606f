import Foundation

/// Encodes a row's clustering columns (or a prefix of them) into bytes whose
/// plain lexicographic order (`memcmp`) is the table's clustering order:
/// each column in its type's CQL order (`CQLValue.compare(_:_:as:)`),
/// reversed for a DESC column. Each column's encoding is prefix-free, so the
/// encoding of a prefix of the columns is a byte prefix of every full
/// clustering that starts with those values — what `ClusteringBound` needs.
///
/// Per type (ascending):
/// - int, bigint, smallint, tinyint, counter, timestamp, time, date: big-endian with the sign bit flipped;
/// - double, float: the bits, with all of them inverted for a negative number and only the sign bit for a positive one (NaN last);
/// - boolean: one byte;
/// - text, ascii, blob, inet: the bytes with 0x00 written 0x00 0xFF, then 0x00 0x00;
/// - uuid: the version, then the timestamp for version 1 (else the high 8 bytes), then the low 8 bytes;
///   timeuuid: the timestamp, then the low 8 bytes with each sign bit flipped (Cassandra compares them as signed bytes);
/// - varint: a sign byte, the magnitude's length and the magnitude (inverted for a negative number);
/// - frozen list, set, map: 0x01 before each element (map: key then value), 0x00 at the end; tuple: 0x00 for a null field, else 0x01 and the field.
///
/// A DESC column's bytes are all inverted. `decimal` and `duration` are not supported.
public struct ClusteringCodec: Hashable, Sendable {
    /// One clustering column: its type and order.
    public struct Column: Hashable, Sendable {
        public var type: CQLType
        public var order: ClusteringOrder

        public init(_ type: CQLType, _ order: ClusteringOrder = .ascending) {
            self.type = type
            self.order = order
        }
    }

    /// The clustering columns in key order.
    public let columns: [Column]

    public init(columns: [Column]) { self.columns = columns }

    /// The encoding of `values`, the first `values.count` clustering columns
    /// (all of them for a row, fewer for a bound). None may be null.
    public func encode(_ values: [CQLValue]) throws(CQLValueError) -> [UInt8] {
        guard values.count <= columns.count else {
            throw CQLValueError("the table has \(columns.count) clustering column(s) but \(values.count) value(s) were given")
        }
        var out: [UInt8] = []
        for (value, column) in zip(values, columns) {
            try Self.encode(value, as: column.type, order: column.order, into: &out)
        }
        return out
    }

    /// The values of the clustering columns encoded in `bytes`: as many as it holds (a prefix gives fewer).
    public func decode(_ bytes: [UInt8]) throws(CQLValueError) -> [CQLValue] {
        var reader = Reader(bytes: bytes)
        var values: [CQLValue] = []
        for column in columns {
            if reader.isAtEnd { break }
            reader.mask = column.order == .descending ? 0xFF : 0x00
            values.append(try Self.decode(as: column.type, from: &reader))
        }
        guard reader.isAtEnd else { throw CQLValueError("\(reader.bytes.count - reader.offset) extra bytes after the clustering columns") }
        return values
    }

    /// Appends one column's encoding.
    public static func encode(_ value: CQLValue, as type: CQLType, order: ClusteringOrder, into out: inout [UInt8]) throws(CQLValueError) {
        let start = out.count
        try encode(value, as: type, into: &out)
        if order == .descending {
            for i in start..<out.count { out[i] = ~out[i] }
        }
    }

    static func encode(_ value: CQLValue, as type: CQLType, into out: inout [UInt8]) throws(CQLValueError) {
        switch (type.unfrozen, value) {
        case (_, .null): throw CQLValueError("Invalid null value for clustering column of type \(type)")
        case (.int, .int(let n)): out += UInt32(bitPattern: n).flippingSign.bigEndianBytes
        case (.bigint, .bigint(let n)), (.counter, .bigint(let n)), (.timestamp, .timestamp(let n)), (.time, .time(let n)):
            out += UInt64(bitPattern: n).flippingSign.bigEndianBytes
        case (.smallint, .smallint(let n)): out += UInt16(bitPattern: n).flippingSign.bigEndianBytes
        case (.tinyint, .tinyint(let n)): out.append(UInt8(bitPattern: n) ^ 0x80)
        case (.date, .date(let n)): out += UInt32(bitPattern: n).flippingSign.bigEndianBytes
        case (.boolean, .boolean(let b)): out.append(b ? 1 : 0)
        case (.double, .double(let d)): out += UInt64(bitPattern: d.javaOrderKey).flippingSign.bigEndianBytes
        case (.float, .float(let f)): out += UInt32(bitPattern: f.javaOrderKey).flippingSign.bigEndianBytes
        case (.text, _), (.ascii, _), (.blob, _), (.inet, _), (.custom, _):
            let bytes: [UInt8]
            switch value {
            case .blob(let b), .inet(let b): bytes = b
            default: bytes = try value.serialized(as: type)
            }
            for byte in bytes {
                out.append(byte)
                if byte == 0 { out.append(0xFF) }
            }
            out += [0, 0]
        case (.uuid, .uuid(let id)), (.uuid, .timeuuid(let id)): out += UUIDOrder.uuidKey(id)
        case (.timeuuid, .uuid(let id)), (.timeuuid, .timeuuid(let id)):
            guard id.version == 1 else { throw CQLValueError("Unsupported UUID version (\(id.version)) for timeuuid") }
            out += UUIDOrder.timeUUIDKey(id)
        case (.varint, .varint(let n)):
            let magnitude = n.magnitude
            let length = UInt32(magnitude.count)
            if n.isNegative {
                out.append(0)
                out += (~length).bigEndianBytes
                out += magnitude.map { ~$0 }
            } else {
                out.append(1)
                out += length.bigEndianBytes
                out += magnitude
            }
        case (.list(let element), .list(let elements)), (.set(let element), .set(let elements)):
            for e in elements {
                out.append(1)
                try encode(e, as: element, into: &out)
            }
            out.append(0)
        case (.map(let keyType, let valueType), .map(let entries)):
            for entry in entries {
                out.append(1)
                try encode(entry.key, as: keyType, into: &out)
                try encode(entry.value, as: valueType, into: &out)
            }
            out.append(0)
        case (.tuple(let types), .tuple(let fields)):
            guard fields.count <= types.count else { throw CQLValueError("a tuple of \(types.count) fields cannot hold \(fields.count) values") }
            for (index, fieldType) in types.enumerated() {
                let field = index < fields.count ? fields[index] : .null
                if field.isNull {
                    out.append(0)
                } else {
                    out.append(1)
                    try encode(field, as: fieldType, into: &out)
                }
            }
        case (.decimal, _), (.duration, _):
            throw CQLValueError("\(type) clustering columns are not supported")
        default:
            throw CQLValueError("cannot use \(value.cqlLiteral) as a clustering value of type \(type)")
        }
    }

    /// Reads bytes through an XOR mask (0xFF inside a DESC column).
    struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var mask: UInt8 = 0

        var isAtEnd: Bool { offset >= bytes.count }

        mutating func byte() throws(CQLValueError) -> UInt8 {
            guard offset < bytes.count else { throw CQLValueError("the clustering bytes end in the middle of a value") }
            defer { offset += 1 }
            return bytes[offset] ^ mask
        }

        mutating func take(_ count: Int) throws(CQLValueError) -> [UInt8] {
            guard bytes.count - offset >= count else { throw CQLValueError("the clustering bytes end in the middle of a value") }
            defer { offset += count }
            return bytes[offset..<offset + count].map { $0 ^ mask }
        }

        mutating func integer<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(CQLValueError) -> T {
            T(bigEndianBytes: try take(MemoryLayout<T>.size)).flippingSign
        }
    }

    static func decode(as type: CQLType, from reader: inout Reader) throws(CQLValueError) -> CQLValue {
        switch type.unfrozen {
        case .int: return .int(Int32(bitPattern: try reader.integer(UInt32.self)))
        case .bigint, .counter: return .bigint(Int64(bitPattern: try reader.integer(UInt64.self)))
        case .timestamp: return .timestamp(Int64(bitPattern: try reader.integer(UInt64.self)))
        case .time: return .time(Int64(bitPattern: try reader.integer(UInt64.self)))
        case .smallint: return .smallint(Int16(bitPattern: try reader.integer(UInt16.self)))
        case .tinyint: return .tinyint(Int8(bitPattern: try reader.byte() ^ 0x80))
        case .date: return .date(Int32(bitPattern: try reader.integer(UInt32.self)))
        case .boolean: return .boolean(try reader.byte() != 0)
        case .double:
            let key = Int64(bitPattern: try reader.integer(UInt64.self))
            return .double(Double(bitPattern: UInt64(bitPattern: key < 0 ? key ^ Int64.max : key)))
        case .float:
            let key = Int32(bitPattern: try reader.integer(UInt32.self))
            return .float(Float(bitPattern: UInt32(bitPattern: key < 0 ? key ^ Int32.max : key)))
        case .text, .ascii, .blob, .inet, .custom:
            var bytes: [UInt8] = []
            while true {
                let byte = try reader.byte()
                if byte != 0 { bytes.append(byte); continue }
                let next = try reader.byte()
                if next == 0 { break }
                guard next == 0xFF else { throw CQLValueError("bad escape 0x00 0x\([next].hexDigits) in a clustering \(type) value") }
                bytes.append(0)
            }
            switch type.unfrozen {
            case .blob, .custom: return .blob(bytes)
            case .inet:
                guard bytes.count == 4 || bytes.count == 16 else { throw CQLValueError("an inet address has 4 or 16 bytes, not \(bytes.count)") }
                return .inet(bytes)
            default: return try CQLValue.deserialize(bytes, as: type.unfrozen)
            }
        case .uuid:
            let key = try reader.take(17)
            let high = key[0] == 1 ? UUIDOrder.timestampUnordered(key[1..<9]) : Array(key[1..<9])
            return .uuid(UUID(bytes: high + key[9..<17]))
        case .timeuuid:
            let key = try reader.take(16)
            return .timeuuid(UUID(bytes: UUIDOrder.timestampUnordered(key[0..<8]) + key[8..<16].map { $0 ^ 0x80 }))
        case .varint:
            let sign = try reader.byte()
            let length = UInt32(bigEndianBytes: try reader.take(4))
            if sign == 0 {
                return .varint(CQLVarint(magnitude: try reader.take(Int(~length)).map { ~$0 }, negative: true))
            }
            return .varint(CQLVarint(magnitude: try reader.take(Int(length)), negative: false))
        case .list(let element), .set(let element):
            var elements: [CQLValue] = []
            while try reader.byte() != 0 { elements.append(try decode(as: element, from: &reader)) }
            if case .set = type.unfrozen { return .set(elements) }
            return .list(elements)
        case .map(let keyType, let valueType):
            var entries: [CQLValue.MapEntry] = []
            while try reader.byte() != 0 {
                let key = try decode(as: keyType, from: &reader)
                entries.append(.init(key, try decode(as: valueType, from: &reader)))
            }
            return .map(entries)
        case .tuple(let types):
            var fields: [CQLValue] = []
            for fieldType in types {
                fields.append(try reader.byte() == 0 ? .null : try decode(as: fieldType, from: &reader))
            }
            return .tuple(fields)
        case .decimal, .duration, .frozen:
            throw CQLValueError("\(type) clustering columns are not supported")
        }
    }
}

extension FixedWidthInteger where Self: UnsignedInteger {
    /// With the top bit flipped: signed order becomes unsigned order, and back.
    var flippingSign: Self { self ^ (1 << (Self.bitWidth - 1)) }
}

extension Float {
    /// `Double.javaOrderKey` for a float: signed order is Java's `Float.compare`.
    var javaOrderKey: Int32 {
        let bits = Int32(bitPattern: (isNaN ? Float.nan : self).bitPattern)
        return bits < 0 ? bits ^ Int32.max : bits
    }
}
