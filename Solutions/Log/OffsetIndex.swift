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

    /// Step 1.
    func append(offset: Int64, position: Int) throws {
        if let last = entries.last {
            precondition(offset > last.offset && position > last.position, "index entries must grow")
        }
        let relative = UInt32(offset - baseOffset)
        let bytes = withUnsafeBytes(of: relative.bigEndian, Array.init)
            + withUnsafeBytes(of: UInt32(position).bigEndian, Array.init)
        try file.append(bytes)
        entries.append(IndexEntry(offset: offset, position: position))
    }

    /// Step 1: binary search for the last entry at or before `offset`.
    func lookup(_ offset: Int64) throws -> IndexEntry? {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].offset <= offset { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : entries[low - 1]
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
