import Contracts
import Foundation

/// Step 6: checkpoints, one file per micro-batch, each whole or absent.
///
/// A checkpoint file is `<batchId, 20 digits>.checkpoint`: a CRC-32C of the
/// JSON (4 bytes, big-endian) then the JSON. It is written to a temporary
/// name, fsynced, renamed into place (rename is atomic), and the directory is
/// fsynced so the new name survives a crash. Older checkpoints are removed
/// once the new one is durable, keeping one spare.
struct Checkpoints {
    let directory: URL
    static let suffix = ".checkpoint"
    /// How many checkpoints to keep (the newest, and one to fall back on).
    static let kept = 2

    func write(_ checkpoint: StreamCheckpoint) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = Array(try encoder.encode(checkpoint))
        let crc = CRC32C.checksum(json)
        let bytes = [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)] + json

        let name = LogFile.name(baseOffset: checkpoint.batchId, suffix: Self.suffix)
        let temporary = directory.appendingPathComponent(name + ".tmp")
        try? FileManager.default.removeItem(at: temporary)
        let file = try LogFile(at: temporary)
        try file.append(bytes)
        try file.sync()
        let final = directory.appendingPathComponent(name)
        if rename(temporary.path, final.path) != 0 {
            throw LogFileError(operation: "rename", path: final.path, errno: errno)
        }
        try LogFile.syncDirectory(directory)

        for old in try names().dropLast(Self.kept) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(old))
        }
    }

    /// The newest checkpoint whose checksum holds.
    func latest() throws -> StreamCheckpoint? {
        for name in try names().reversed() {
            if let checkpoint = read(directory.appendingPathComponent(name)) { return checkpoint }
        }
        return nil
    }

    /// Checkpoint file names, oldest first (the zero-padded ids sort as numbers).
    private func names() throws -> [String] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(Self.suffix) && $0.count == 20 + Self.suffix.count }
            .sorted()
    }

    private func read(_ url: URL) -> StreamCheckpoint? {
        guard let data = try? Data(contentsOf: url), data.count > 4 else { return nil }
        let bytes = Array(data)
        let stored = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let json = Array(bytes[4...])
        guard CRC32C.checksum(json) == stored else { return nil }
        return try? JSONDecoder().decode(StreamCheckpoint.self, from: Data(json))
    }
}
