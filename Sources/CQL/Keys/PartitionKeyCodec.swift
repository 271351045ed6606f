/// Serializes a table's partition key the way Cassandra does, so the bytes
/// (and the Murmur3 token of them) match a real cluster's: one column is
/// just its serialized value; several are a `CompositeType`, where each
/// component is a 2-byte big-endian length, the value's bytes, and 0x00.
public struct PartitionKeyCodec: Hashable, Sendable {
    /// The partition key columns' types, in key order.
    public let types: [CQLType]

    public init(types: [CQLType]) {
        precondition(!types.isEmpty, "a partition key has at least one column")
        self.types = types
    }

    /// The key's bytes. Every component must be present and not null, and at most 65535 bytes long when composite.
    public func encode(_ values: [CQLValue]) throws(CQLValueError) -> [UInt8] {
        guard values.count == types.count else {
            throw CQLValueError("the partition key has \(types.count) column(s) but \(values.count) value(s) were given")
        }
        if values.contains(where: \.isNull) { throw CQLValueError("Invalid null value for a partition key column") }
        if types.count == 1 { return try values[0].serialized(as: types[0]) }
        var out: [UInt8] = []
        for (value, type) in zip(values, types) {
            let bytes = try value.serialized(as: type)
            guard bytes.count <= Int(UInt16.max) else {
                throw CQLValueError("Key length of \(bytes.count) is longer than maximum of \(UInt16.max)")
            }
            out += UInt16(bytes.count).bigEndianBytes
            out += bytes
            out.append(0)
        }
        return out
    }

    /// The values of a key encoded by `encode(_:)`.
    public func decode(_ bytes: [UInt8]) throws(CQLValueError) -> [CQLValue] {
        if types.count == 1 { return [try CQLValue.deserialize(bytes, as: types[0])] }
        var reader = ByteReader(bytes)
        var values: [CQLValue] = []
        for (index, type) in types.enumerated() {
            let length = try reader.readUInt16(for: "the length of partition key component \(index)")
            values.append(try CQLValue.deserialize(Array(try reader.read(Int(length), for: "partition key component \(index)")), as: type))
            let end = try reader.readByte(for: "the end-of-component byte of partition key component \(index)")
            guard end == 0 else { throw CQLValueError("partition key component \(index) ends with 0x\([end].hexDigits), not 0x00") }
        }
        guard reader.isAtEnd else { throw CQLValueError("\(reader.remaining) extra bytes after the partition key's components") }
        return values
    }
}
