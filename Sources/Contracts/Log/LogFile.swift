import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file of a log, read and written by position: a segment's `.log`, its
/// `.index`, an offsets file. A thin, honest wrapper over the system calls
/// a log needs (pwrite, pread, ftruncate, fsync), so the labs can be about
/// logs rather than file APIs. Not thread-safe: its owner serializes access.
public final class LogFile {
    /// Where the file is.
    public let url: URL
    /// Its size in bytes: where the next append goes.
    public private(set) var size: Int
    let descriptor: Int32
    private var handle: SyncHandle?

    /// Opens the file at `url`, creating it (empty) if it does not exist.
    public init(at url: URL) throws {
        self.url = url
        descriptor = open(url.path, O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw LogFileError(operation: "open", path: url.path, errno: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = LogFileError(operation: "stat", path: url.path, errno: errno)
            systemClose(descriptor)
            throw error
        }
        size = Int(info.st_size)
    }

    deinit { systemClose(descriptor) }

    /// The file name of the segment file that starts at `baseOffset`, as
    /// Kafka names it: the offset in 20 digits, e.g. `00000000000000000042.log`.
    public static func name(baseOffset: Int64, suffix: String) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    /// Appends `bytes` at the end; returns the position they start at.
    @discardableResult
    public func append(_ bytes: [UInt8]) throws -> Int {
        let position = size
        try bytes.withUnsafeBufferPointer { _ = try write($0, at: position) }
        size = position + bytes.count
        return position
    }

    /// Appends a record batch stamped with `baseOffset` (its first field,
    /// which the log assigns; the CRC does not cover it), without copying the
    /// batch: one `pwritev` of the eight offset bytes and the rest of `batch`.
    /// The same bytes as `RecordBatchHeader.setBaseOffset` on a copy, then
    /// `append`. Returns the position the batch starts at.
    @discardableResult
    public func append(batch: [UInt8], baseOffset: Int64) throws -> Int {
        let position = size
        var written = 0
        if batch.count > 8 {
            var offset = baseOffset.bigEndian
            written = try withUnsafeMutableBytes(of: &offset) { head in
                try batch.withUnsafeBytes { body in
                    var pieces = [iovec(iov_base: head.baseAddress, iov_len: 8),
                                  iovec(iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress! + 8), iov_len: body.count - 8)]
                    while true {
                        let n = pwritev(descriptor, &pieces, 2, off_t(position))
                        if n >= 0 { return n }
                        if errno != EINTR { throw LogFileError(operation: "write", path: url.path, errno: errno) }
                    }
                }
            }
        }
        if written < batch.count {  // a short write, or too few bytes for a body: the rest from a stamped copy
            var stamped = batch
            withUnsafeBytes(of: baseOffset.bigEndian) { offset in
                for i in 0..<min(8, stamped.count) { stamped[i] = offset[i] }
            }
            try stamped.withUnsafeBufferPointer { all in
                _ = try write(UnsafeBufferPointer(rebasing: all[written...]), at: position + written)
            }
        }
        size = position + batch.count
        return position
    }

    @discardableResult
    func write(_ buffer: UnsafeBufferPointer<UInt8>, at position: Int) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(position + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogFileError(operation: "write", path: url.path, errno: errno)
            }
            done += n
        }
        return done
    }

    /// Reads up to `count` bytes at `position` (fewer at the end of the file).
    public func read(at position: Int, count: Int) throws -> [UInt8] {
        let count = max(0, min(count, size - position))
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        try bytes.withUnsafeMutableBufferPointer { buffer in
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(position + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LogFileError(operation: "read", path: url.path, errno: errno)
                }
                if n == 0 { break }
                done += n
            }
        }
        return done == count ? bytes : Array(bytes.prefix(done))
    }

    /// Cuts the file to `newSize` bytes (a torn tail, a rebuilt index).
    public func truncate(to newSize: Int) throws {
        guard ftruncate(descriptor, off_t(newSize)) == 0 else {
            throw LogFileError(operation: "truncate", path: url.path, errno: errno)
        }
        size = newSize
    }

    /// Forces what was written to the disk (fsync): after this returns, a
    /// crash or power loss cannot lose it.
    public func sync() throws {
        try Self.sync(descriptor, path: url.path)
    }

    static func sync(_ descriptor: Int32, path: String) throws {
        #if canImport(Darwin)
        let result = fcntl(descriptor, F_FULLFSYNC)
        #else
        let result = fdatasync(descriptor)
        #endif
        guard result == 0 else { throw LogFileError(operation: "sync", path: path, errno: errno) }
    }

    /// Forces a directory's entries (files created, renamed or removed in
    /// it) to the disk: after a rename, what makes the new name survive a crash.
    public static func syncDirectory(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw LogFileError(operation: "open", path: url.path, errno: errno) }
        defer { systemClose(descriptor) }
        guard fsync(descriptor) == 0 else { throw LogFileError(operation: "sync", path: url.path, errno: errno) }
    }

    /// A handle that syncs this file from any thread, while appends go on
    /// (what a group commit needs: the fsync runs outside the log's lock).
    public func syncHandle() throws -> SyncHandle {
        if let cached = handle { return cached }
        let duplicate = dup(descriptor)
        guard duplicate >= 0 else { throw LogFileError(operation: "dup", path: url.path, errno: errno) }
        let made = SyncHandle(descriptor: duplicate, path: url.path)
        handle = made
        return made
    }
}

/// Syncs one log file, from any thread: it owns a duplicate of the file's
/// descriptor, so it stays valid even if the file is closed or deleted meanwhile.
public final class SyncHandle: Sendable {
    let descriptor: Int32
    let path: String

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { systemClose(descriptor) }

    /// fsync: what was written to the file before this call is on disk after it.
    public func sync() throws {
        try LogFile.sync(descriptor, path: path)
    }
}

/// A system call on a log file failed.
public struct LogFileError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let path: String
    public let errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String { "cannot \(operation) \(path): \(String(cString: strerror(errno)))" }
}

/// `close(2)`.
@inline(__always)
func systemClose(_ descriptor: Int32) {
    _ = close(descriptor)
}
