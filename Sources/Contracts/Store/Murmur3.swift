/// Cassandra's `Murmur3Partitioner`: the token of a partition key is the first
/// half of MurmurHash3 x64 128 (seed 0), computed the way Cassandra does,
/// including its quirk of sign-extending the tail bytes.
public enum Murmur3 {
    /// The token of a serialized partition key, in Cassandra's token range
    /// (`Int64.min` is mapped to `Int64.max`, as Cassandra does).
    public static func token(_ key: [UInt8]) -> Int64 {
        let h1 = Int64(bitPattern: hash128(key).0)
        return h1 == .min ? .max : h1
    }

    /// MurmurHash3 x64 128 with seed 0, Cassandra's variant.
    public static func hash128(_ key: [UInt8]) -> (UInt64, UInt64) {
        let c1: UInt64 = 0x87c3_7b91_1142_53d5
        let c2: UInt64 = 0x4cf5_ad43_2745_937f
        var h1: UInt64 = 0
        var h2: UInt64 = 0
        let blocks = key.count / 16
        func block(_ at: Int) -> UInt64 {
            var value: UInt64 = 0
            for i in 0..<8 { value |= UInt64(key[at + i]) << (8 * UInt64(i)) }
            return value
        }
        for i in 0..<blocks {
            var k1 = block(i * 16)
            var k2 = block(i * 16 + 8)
            k1 &*= c1; k1 = rotl(k1, 31); k1 &*= c2; h1 ^= k1
            h1 = rotl(h1, 27); h1 &+= h2; h1 = h1 &* 5 &+ 0x52dc_e729
            k2 &*= c2; k2 = rotl(k2, 33); k2 &*= c1; h2 ^= k2
            h2 = rotl(h2, 31); h2 &+= h1; h2 = h2 &* 5 &+ 0x3849_5ab5
        }
        // The tail: Java's `(long) byte` sign-extends, and Cassandra's hash keeps that.
        let tail = blocks * 16
        func signed(_ i: Int) -> UInt64 { UInt64(bitPattern: Int64(Int8(bitPattern: key[tail + i]))) }
        let rest = key.count & 15
        var k1: UInt64 = 0
        var k2: UInt64 = 0
        if rest > 8 {
            for i in stride(from: rest - 1, through: 8, by: -1) { k2 ^= signed(i) << (8 * UInt64(i - 8)) }
            k2 &*= c2; k2 = rotl(k2, 33); k2 &*= c1; h2 ^= k2
        }
        if rest > 0 {
            for i in stride(from: min(rest, 8) - 1, through: 0, by: -1) { k1 ^= signed(i) << (8 * UInt64(i)) }
            k1 &*= c1; k1 = rotl(k1, 31); k1 &*= c2; h1 ^= k1
        }
        h1 ^= UInt64(key.count); h2 ^= UInt64(key.count)
        h1 &+= h2; h2 &+= h1
        h1 = fmix(h1); h2 = fmix(h2)
        h1 &+= h2; h2 &+= h1
        return (h1, h2)
    }

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) static func fmix(_ k: UInt64) -> UInt64 {
        var k = k
        k ^= k >> 33; k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33; k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}
