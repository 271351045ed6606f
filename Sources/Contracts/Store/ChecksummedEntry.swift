/// The framing of a commit-log entry and of a partition in an SSTable's
/// Data.db (given plumbing for the store lab):
///
///     length (4 bytes, big-endian) | CRC-32C of the payload (4 bytes, big-endian) | payload
///
/// A reader that finds the frame cut short or its checksum wrong knows the
/// bytes were torn by a crash or corrupted on disk.
public enum ChecksummedEntry {
    /// The bytes before the payload: length and checksum.
    public static let headerSize = 8

    /// Appends `payload`, framed, to `out`.
    public static func append(_ payload: [UInt8], to out: inout [UInt8]) {
        appendHeader(length: payload.count, checksum: CRC32C.checksum(payload), to: &out)
        out.append(contentsOf: payload)
    }

    /// Appends the partition's serialized bytes, framed, to `out`, without
    /// an intermediate array: the header is written once the payload is.
    public static func append(_ partition: Partition, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: headerSize))
        partition.serialize(into: &out)
        let length = out.count - start - headerSize
        precondition(length <= Int(UInt32.max), "an entry of \(length) bytes is too big to frame")
        let checksum = out.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[(start + headerSize)...])) }
        for i in 0..<4 {
            let shift = UInt32(24 - 8 * i)
            out[start + i] = UInt8(truncatingIfNeeded: UInt32(length) >> shift)
            out[start + 4 + i] = UInt8(truncatingIfNeeded: checksum >> shift)
        }
    }

    static func appendHeader(length: Int, checksum: UInt32, to out: inout [UInt8]) {
        precondition(length <= Int(UInt32.max), "an entry of \(length) bytes is too big to frame")
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: UInt32(length) >> UInt32(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: checksum >> UInt32(shift))) }
    }

    /// What a reader found at a position.
    public enum Found: Equatable, Sendable {
        /// A whole entry whose checksum matches: its payload is `payload`
        /// (indices into the bytes read) and the next entry starts at `next`.
        case entry(payload: Range<Int>, next: Int)
        /// No bytes left: the end.
        case end
        /// Fewer bytes than the header announces: a torn write.
        case torn
        /// Whole, but the checksum does not match: corrupt.
        case corrupt
    }

    /// The entry at `position` of `bytes`.
    public static func read(_ bytes: [UInt8], at position: Int) -> Found {
        bytes.withUnsafeBytes { read($0, at: position) }
    }

    /// The entry at `position` of `raw`.
    public static func read(_ raw: UnsafeRawBufferPointer, at position: Int) -> Found {
        guard position < raw.count else { return .end }
        guard raw.count - position >= headerSize else { return .torn }
        let length = Int(bigEndian32(raw, at: position))
        let start = position + headerSize
        guard length <= raw.count - start else { return .torn }
        let expected = bigEndian32(raw, at: position + 4)
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[start..<start + length])) == expected else { return .corrupt }
        return .entry(payload: start..<start + length, next: start + length)
    }

    /// The big-endian UInt32 at `position`.
    public static func bigEndian32(_ raw: UnsafeRawBufferPointer, at position: Int) -> UInt32 {
        UInt32(raw[position]) << 24 | UInt32(raw[position + 1]) << 16 | UInt32(raw[position + 2]) << 8 | UInt32(raw[position + 3])
    }
}
