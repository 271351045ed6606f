import Contracts
import Foundation

/// One file of the commit log, `CommitLog-<id>.log`: entries back to back.
/// Appends collect in memory and reach the file in big writes (when 64 KB
/// are waiting, or at a sync), as Cassandra's memory-mapped segments do: no
/// system call per write.
final class CommitLogSegment {
    let id: Int64
    let file: LogFile
    /// Appended, not yet written to the file.
    private(set) var buffer: [UInt8] = []
    /// Written since the last sync began.
    private(set) var needsSync = false

    /// Opens (or creates) segment `id` in `directory`.
    init(in directory: URL, id: Int64) throws {
        self.id = id
        file = try LogFile(at: directory.appendingPathComponent(Self.name(id: id)))
        buffer.reserveCapacity(Self.writeThreshold)
    }

    static let writeThreshold = 64 << 10

    /// `CommitLog-<id>.log`.
    static func name(id: Int64) -> String { "CommitLog-\(id).log" }

    /// The ids of the segments in `directory`, oldest first.
    static func ids(in directory: URL) throws -> [Int64] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).compactMap { name in
            guard name.hasPrefix("CommitLog-"), name.hasSuffix(".log") else { return nil }
            return Int64(name.dropFirst("CommitLog-".count).dropLast(".log".count))
        }.sorted()
    }

    /// Its size in bytes, buffered appends included.
    var size: Int { file.size + buffer.count }

    /// The commit-log position of its end: the id in the high 32 bits, the size in the low.
    var end: Int64 { id << 32 | Int64(size) }

    /// Appends one framed entry.
    func append(_ entry: [UInt8]) throws {
        buffer.append(contentsOf: entry)
        if buffer.count >= Self.writeThreshold { try write() }
    }

    /// Writes what is buffered to the file (not yet durable: see `beginSync`).
    func write() throws {
        guard !buffer.isEmpty else { return }
        try file.append(buffer)
        buffer.removeAll(keepingCapacity: true)
        needsSync = true
    }

    /// Writes what is buffered and hands out what to fsync, if anything.
    func beginSync() throws -> SyncHandle? {
        try write()
        guard needsSync else { return nil }
        needsSync = false
        return try file.syncHandle()
    }

    /// Everything in it, buffered appends included.
    func contents() throws -> [UInt8] {
        try write()
        return try file.read(at: 0, count: file.size)
    }

    /// Removes the file.
    func delete() throws {
        buffer.removeAll()
        try FileManager.default.removeItem(at: file.url)
    }
}
