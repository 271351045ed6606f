import CCRC32C

/// CRC-32C (Castagnoli), the checksum of Kafka's record batch v2.
///
/// The batch's `crc` field covers everything from `attributes` to the end
/// of the batch, so a broker can rewrite `baseOffset` (which it assigns)
/// without recomputing it. With the processor's CRC-32C instruction where
/// there is one (x86-64 SSE 4.2, ARMv8), else table-driven, eight bytes at a time.
public enum CRC32C {
    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = State()
        crc.update(bytes)
        return crc.value
    }

    /// A running checksum, for data that arrives in pieces.
    public struct State: Sendable {
        var crc: UInt32 = 0xFFFF_FFFF

        public init() {}

        /// The checksum of everything added so far.
        public var value: UInt32 { ~crc }

        /// Adds `bytes` to the checksum.
        public mutating func update(_ bytes: some Sequence<UInt8>) {
            let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
            if done == nil {
                Array(bytes).withUnsafeBytes { update($0) }
            }
        }

        /// Adds raw bytes to the checksum.
        public mutating func update(_ raw: UnsafeRawBufferPointer) {
            if CRC32C.hardware, let base = raw.baseAddress {
                crc = ccrc32c_update(crc, base, raw.count)
            } else {
                updateWithTables(raw)
            }
        }

        /// The portable way: slicing-by-8 tables.
        mutating func updateWithTables(_ raw: UnsafeRawBufferPointer) {
            let t = CRC32C.tables
            var crc = self.crc
            var i = 0
            let n = raw.count
            while n - i >= 8 {
                let low = crc ^ (UInt32(raw[i]) | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2]) << 16 | UInt32(raw[i + 3]) << 24)
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(raw[i + 4])] ^ t[2 * 256 + Int(raw[i + 5])]
                    ^ t[1 * 256 + Int(raw[i + 6])] ^ t[Int(raw[i + 7])]
                i += 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt32(raw[i])) & 0xFF)] ^ (crc >> 8)
                i += 1
            }
            self.crc = crc
        }
    }

    /// Whether the processor computes CRC-32C itself.
    static let hardware = ccrc32c_available() != 0

    /// Eight 256-entry tables for slicing-by-8, reflected polynomial 0x82F63B78.
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let previous = t[(k - 1) * 256 + n]
                t[k * 256 + n] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()
}
