import Contracts
import Foundation

/// A segment's sparse offset index (Kafka's `.index`): every few KB of
/// batches, one 8-byte entry (relative offset, position).
final class OffsetIndex: OffsetIndexing {
    let baseOffset: Int64
    private(set) var entries: [IndexEntry] = []
    let file: LogFile

    /// Given: opens the file and loads its entries (a torn last entry is dropped).
    init(at url: URL, baseOffset: Int64) throws {
        self.baseOffset = baseOffset
        file = try LogFile(at: url)
        let bytes = try file.read(at: 0, count: file.size)
        for start in stride(from: 0, to: bytes.count - 7, by: 8) {
            let relative = bytes[start..<start + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let position = bytes[start + 4..<start + 8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            entries.append(IndexEntry(offset: baseOffset + Int64(relative), position: Int(position)))
        }
        if file.size % 8 != 0 { try file.truncate(to: entries.count * 8) }
    }

    /// Step 1: adds an entry after the last one: 8 bytes at the end of the
    /// file (the offset relative to `baseOffset`, then the position, each a
    /// big-endian UInt32), and in `entries`.
    func append(offset: Int64, position: Int) throws {
        throw NotImplemented(step: 1)
    }

    /// Step 1: the last entry whose offset is at most `offset`, or nil.
    /// Entries are sorted: search them in O(log n).
    func lookup(_ offset: Int64) throws -> IndexEntry? {
        throw NotImplemented(step: 1)
    }

    /// Given.
    func removeAll() throws {
        try file.truncate(to: 0)
        entries.removeAll()
    }

    /// Given.
    func sync() throws {
        try file.sync()
    }
}
