/// MurmurHash2 (32-bit), exactly as Kafka's Java client computes it
/// (`org.apache.kafka.common.utils.Utils.murmur2`, seed 0x9747b28c), so
/// that a key lands in the same partition whichever client produced it.
public enum Murmur2 {
    /// The hash of `bytes`, as a signed int32 like Java's.
    public static func hash(_ bytes: [UInt8]) -> Int32 {
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = bytes.count
        var h = seed ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for i in 0..<blocks {
            let base = i * 4
            var k = UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2]) << 16
                | UInt32(bytes[base + 3]) << 24
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
        }
        let tail = blocks * 4
        switch length % 4 {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            fallthrough
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            fallthrough
        case 1:
            h ^= UInt32(bytes[tail])
            h &*= m
        default:
            break
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// Kafka's default partition for a key: `toPositive(murmur2(key)) % partitions`.
    public static func partition(forKey key: [UInt8], partitionCount: Int) -> Int32 {
        Int32((Int(hash(key)) & 0x7fff_ffff) % partitionCount)
    }
}
