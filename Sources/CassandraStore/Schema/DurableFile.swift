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
    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let path: String
        let code: Int32
        var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
    }

    static func replace(_ file: URL, with bytes: [UInt8]) throws {
        let temporary = file.path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(operation: "create", path: temporary, code: errno) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            guard count > 0 else { throw Failure(operation: "write", path: temporary, code: errno) }
            written += count
        }
        guard fsync(descriptor) == 0 else { throw Failure(operation: "fsync", path: temporary, code: errno) }
        guard rename(temporary, file.path) == 0 else { throw Failure(operation: "rename", path: temporary, code: errno) }
        let directory = open(file.deletingLastPathComponent().path, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }
}
