import Contracts

/// An SSTable's partition index, Cassandra's `-Index.db`: every partition
/// key, in ring order, with the position of its partition in Data.db. Held
/// in memory (Cassandra samples it into an index summary; ours is small
/// enough to keep whole).
struct PartitionIndex {
    private(set) var keys: [PartitionKey] = []
    /// `positions[i]` is where `keys[i]`'s partition starts in Data.db.
    private(set) var positions: [Int] = []
    /// Where the last partition ends: Data.db's size.
    var dataEnd = 0

    init() {}

    /// Given: records that `key`'s partition starts at `position` (keys come in order).
    mutating func append(_ key: PartitionKey, at position: Int) {
        keys.append(key)
        positions.append(position)
    }

    /// Step 3: where `key`'s partition is in Data.db (from its start to the
    /// next partition's start, or `dataEnd`), or nil when the key is not
    /// here. Keys are sorted: a binary search.
    func lookup(_ key: PartitionKey) throws -> Range<Int>? {
        throw NotImplemented(step: 3)
    }

    /// Given: Index.db: Data.db's size, then per key its length, bytes and
    /// position (LEB128 varints), the whole framed by `ChecksummedEntry`.
    func serialized() -> [UInt8] {
        var body: [UInt8] = []
        body.appendVarint(UInt64(dataEnd))
        for (key, position) in zip(keys, positions) {
            body.appendVarint(UInt64(key.bytes.count))
            body += key.bytes
            body.appendVarint(UInt64(position))
        }
        var out: [UInt8] = []
        ChecksummedEntry.append(body, to: &out)
        return out
    }

    /// Given: reads what `serialized()` wrote, checking its checksum.
    init(deserializing bytes: [UInt8]) throws {
        func fail(_ problem: String) -> SSTableError { .corrupt(component: "Index.db", problem: problem) }
        guard case .entry(let payload, let next) = ChecksummedEntry.read(bytes, at: 0), next == bytes.count else {
            throw fail("its checksum does not match (or it is cut short)")
        }
        var at = payload.lowerBound
        func varint() throws -> Int {
            var value = 0
            var shift = 0
            while at < payload.upperBound, shift < 63 {
                let byte = bytes[at]
                at += 1
                value |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw fail("an entry is cut short at byte \(at)")
        }
        dataEnd = try varint()
        while at < payload.upperBound {
            let length = try varint()
            guard length <= payload.upperBound - at else { throw fail("a key is cut short at byte \(at)") }
            let key = PartitionKey(Array(bytes[at..<at + length]))
            at += length
            let position = try varint()
            guard position >= (positions.last ?? 0), position <= dataEnd, keys.last.map({ $0 < key }) ?? true else {
                throw fail("entry \(keys.count) is out of order")
            }
            append(key, at: position)
        }
    }
}
