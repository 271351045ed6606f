import Foundation

/// Version 1 (time-based) UUIDs, as CQL's `timeuuid` and `now()` use them.
public enum TimeUUID {
    /// 100 ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01.
    static let gregorianOffset: Int64 = 0x01B2_1DD2_1381_4000

    /// A version 1 UUID for `milliseconds` since the epoch, with `ticks`
    /// (0..<10_000) of 100 ns within it and the given clock sequence and node
    /// (the last 8 bytes; the RFC 4122 variant bits are set unless `rawLow`).
    public static func make(milliseconds: Int64, ticks: Int64 = 0, clockSeqAndNode: UInt64, rawLow: Bool = false) -> UUID {
        let timestamp = UInt64(bitPattern: milliseconds * 10_000 + ticks + gregorianOffset)
        let timeLow = UInt32(truncatingIfNeeded: timestamp)
        let timeMid = UInt16(truncatingIfNeeded: timestamp >> 32)
        let timeHigh = UInt16(truncatingIfNeeded: timestamp >> 48) & 0x0FFF | 0x1000
        let low = rawLow ? clockSeqAndNode : clockSeqAndNode & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return UUID(bytes: timeLow.bigEndianBytes + timeMid.bigEndianBytes + timeHigh.bigEndianBytes + low.bigEndianBytes)
    }

    /// A fresh timeuuid for `date`, random below the millisecond and in its node bits.
    public static func make(date: Date = Date()) -> UUID {
        make(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)),
             ticks: Int64.random(in: 0..<10_000), clockSeqAndNode: UInt64.random(in: 0...UInt64.max))
    }

    /// The smallest timeuuid of a millisecond (`minTimeuuid`), in Cassandra's order.
    public static func min(milliseconds: Int64) -> UUID {
        make(milliseconds: milliseconds, clockSeqAndNode: 0x8080_8080_8080_8080, rawLow: true)
    }

    /// The largest timeuuid of a millisecond (`maxTimeuuid`), in Cassandra's order.
    public static func max(milliseconds: Int64) -> UUID {
        make(milliseconds: milliseconds, ticks: 9_999, clockSeqAndNode: 0x7F7F_7F7F_7F7F_7F7F, rawLow: true)
    }

    /// The 100 ns timestamp since 1582-10-15 of a version 1 UUID.
    public static func timestamp(of id: UUID) -> Int64 {
        let b = id.bytes
        let high = UInt64(b[6] & 0x0F) << 56 | UInt64(b[7]) << 48
        let mid = UInt64(b[4]) << 40 | UInt64(b[5]) << 32
        let low = UInt64(UInt32(bigEndianBytes: b[0..<4]))
        return Int64(bitPattern: high | mid | low)
    }

    /// Milliseconds since the epoch of a version 1 UUID.
    public static func milliseconds(of id: UUID) -> Int64 {
        CivilTime.floorDivide(timestamp(of: id) - gregorianOffset, 10_000).0
    }
}
