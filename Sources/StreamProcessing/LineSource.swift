import Contracts
import Foundation

/// A bounded source of text lines: one file, or every file of a directory in
/// name order, read in chunks of whole lines.
///
/// Its position is a byte offset per file name (a file is done when its
/// offset is its size), so a checkpoint can say exactly where to resume, and
/// the same position always yields the same next chunk: micro-batches are
/// deterministic, which is what makes a replay after a crash give the same
/// answer.
public final class LineSource {
    /// The files, in the order they are read.
    public let files: [URL]
    /// Bytes consumed per file name.
    public private(set) var offsets: [String: Int64]
    /// Chunks end at a line end after about this many bytes.
    public let chunkBytes: Int
    /// Lines longer than this are cut off and count as malformed.
    public static let maxLineBytes = 1 << 20
    private var current: (index: Int, file: LogFile)?

    /// Opens `path` (a file, or a directory whose visible regular files are read in name order).
    public init(path: String, chunkBytes: Int = 8 << 20, offsets: [String: Int64] = [:]) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StreamJobError.input("no such file or directory: \(path)")
        }
        if isDirectory.boolValue {
            let directory = URL(fileURLWithPath: path)
            files = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { !$0.hasPrefix(".") }
                .sorted()
                .map { directory.appendingPathComponent($0) }
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
        } else {
            files = [URL(fileURLWithPath: path)]
        }
        self.chunkBytes = max(1, chunkBytes)
        self.offsets = offsets
    }

    /// The next chunk of whole lines (its last line may lack a newline only
    /// at the end of a file); nil at the end of the input.
    public func nextChunk() throws -> [UInt8]? {
        for index in files.indices {
            let name = files[index].lastPathComponent
            let file: LogFile
            if let current, current.index == index { file = current.file } else {
                file = try LogFile(at: files[index])
                current = (index, file)
            }
            let offset = Int(offsets[name] ?? 0)
            guard offset < file.size else { continue }
            var chunk = try file.read(at: offset, count: chunkBytes)
            if offset + chunk.count < file.size {
                // Cut after the last newline; a line longer than the chunk reads on.
                if let last = chunk.lastIndex(of: UInt8(ascii: "\n")) {
                    chunk.removeSubrange((last + 1)...)
                } else {
                    chunk = try readLongLine(file, from: offset)
                }
            }
            offsets[name] = Int64(offset + chunk.count)
            return chunk
        }
        return nil
    }

    /// One line longer than a chunk, up to its newline (or `maxLineBytes`).
    private func readLongLine(_ file: LogFile, from offset: Int) throws -> [UInt8] {
        var line: [UInt8] = []
        while line.count < Self.maxLineBytes, offset + line.count < file.size {
            let more = try file.read(at: offset + line.count, count: chunkBytes)
            if let newline = more.firstIndex(of: UInt8(ascii: "\n")) {
                return line + more[...newline]
            }
            line += more
        }
        return line
    }

    /// Total input size in bytes.
    public var totalBytes: Int64 {
        files.reduce(0) { $0 + Int64((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
    }
}

/// Why a streaming job could not run.
public enum StreamJobError: Error, CustomStringConvertible {
    case input(String)
    case output(String)
    case usage(String)

    public var description: String {
        switch self {
        case .input(let message): "input: \(message)"
        case .output(let message): "output: \(message)"
        case .usage(let message): message
        }
    }
}
