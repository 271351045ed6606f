/// A partition key, serialized (one column's value bytes, or Cassandra's
/// composite encoding for several), with its Murmur3 token. Partitions are
/// ordered by token, then by key bytes: the order of Cassandra's ring, of a
/// memtable and of an SSTable.
public struct PartitionKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The serialized key.
    public let bytes: [UInt8]
    /// Where the key sits on the ring (`Murmur3Partitioner`).
    public let token: Int64

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.token = Murmur3.token(bytes)
    }

    public static func < (lhs: PartitionKey, rhs: PartitionKey) -> Bool {
        lhs.token != rhs.token ? lhs.token < rhs.token : lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// The tokens first: different keys almost always differ there, which a
    /// hash map probing past other keys' slots checks in one comparison.
    public static func == (lhs: PartitionKey, rhs: PartitionKey) -> Bool { lhs.token == rhs.token && lhs.bytes == rhs.bytes }

    /// Hashes the token: already computed, and equal keys have equal tokens
    /// (far cheaper than hashing the bytes one by one, in a memtable's hash map).
    public func hash(into hasher: inout Hasher) { hasher.combine(token) }

    public var description: String { "key 0x\(bytes.hexString) (token \(token))" }
}

extension [UInt8] {
    /// Lower-case hex, for messages.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
