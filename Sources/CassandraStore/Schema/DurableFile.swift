import Contracts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replacing a small file atomically and durably: write a temporary file,
/// fsync it, rename it over the old one, fsync the directory. A crash leaves
/// the old contents or the new, never a mix.
enum DurableFile {
    static func replace(_ file: URL, with bytes: [UInt8]) throws {
        let temporary = file.appendingPathExtension("tmp")
        try? FileManager.default.removeItem(at: temporary)
        let out = try LogFile(at: temporary)
        _ = try out.append(bytes)
        try out.sync()
        // rename(2), not FileManager.moveItem: it replaces the old file in one step.
        guard rename(temporary.path, file.path) == 0 else {
            throw LogFileError(operation: "rename", path: temporary.path, errno: errno)
        }
        try LogFile.syncDirectory(file.deletingLastPathComponent())
    }
}
