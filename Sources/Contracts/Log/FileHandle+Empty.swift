import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension FileHandle {
    /// An empty file at `path` (a file already there is emptied), open for
    /// writing: where a child process's output or a report goes.
    public static func empty(atPath path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw LogFileError(operation: "create", path: path, errno: errno)
        }
        return handle
    }
}
