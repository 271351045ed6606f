import Contracts
import Foundation

/// A bloom filter, Cassandra's `BloomFilter`: `hashCount` bits set per key in
/// a bit array; a key whose bits are not all set was never added. The k bit
/// positions come from one Murmur3 128-bit hash by double hashing:
/// `(h1 + i × h2) mod bitCount` for i in 0..<k.
final class BloomFilter: BloomFiltering {
    let hashCount: Int
    private(set) var words: [UInt64]
    var bitCount: Int { words.count * 64 }

    /// Given: sized for `expectedKeys` at `falsePositiveChance` p: m = −n·ln p / (ln 2)²
    /// bits and k = (m / n)·ln 2 hashes (about 9.6 bits and 7 hashes a key at 1 %).
    init(expectedKeys: Int, falsePositiveChance: Double) {
        let n = Double(max(1, expectedKeys))
        let p = min(max(falsePositiveChance, 1e-9), 0.5)
        let bits = max(64.0, (-n * log(p) / (log(2.0) * log(2.0))).rounded(.up))
        words = [UInt64](repeating: 0, count: Int(bits / 64) + 1)
        hashCount = min(20, max(1, Int((bits / n * log(2.0)).rounded())))
    }

    /// Step 3: sets the key's k bits.
    func add(_ key: [UInt8]) throws {
        throw NotImplemented(step: 3)
    }

    /// Step 3: whether all the key's k bits are set.
    func mightContain(_ key: [UInt8]) throws -> Bool {
        throw NotImplemented(step: 3)
    }

    /// Given: Filter.db: the hash count and the word count (each 4 bytes,
    /// big-endian), then the words (8 bytes each, big-endian).
    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 + words.count * 8)
        for value in [UInt32(hashCount), UInt32(words.count)] { out += withUnsafeBytes(of: value.bigEndian, Array.init) }
        for word in words { out += withUnsafeBytes(of: word.bigEndian, Array.init) }
        return out
    }

    /// Given: reads what `serialized()` wrote.
    init(deserializing bytes: [UInt8]) throws {
        func fail(_ problem: String) -> SSTableError { .corrupt(component: "Filter.db", problem: problem) }
        guard bytes.count >= 8 else { throw fail("\(bytes.count) bytes is too short for a filter") }
        let (k, n) = bytes.withUnsafeBytes { (ChecksummedEntry.bigEndian32($0, at: 0), ChecksummedEntry.bigEndian32($0, at: 4)) }
        guard (1...20).contains(k), n > 0, bytes.count == 8 + Int(n) * 8 else {
            throw fail("\(k) hashes and \(n) words do not fit its \(bytes.count) bytes")
        }
        hashCount = Int(k)
        words = (0..<Int(n)).map { i in bytes[8 + i * 8..<16 + i * 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
    }
}
