import Contracts
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes bytes to a file descriptor in large chunks: how `box load
/// --dry-run` streams millions of events a second to stdout.
struct FileOutput {
    let descriptor: Int32
    var json = JSONBytes(reservingCapacity: FileOutput.chunk + 4_096)

    static let chunk = 1 << 20

    static var standardOutput: FileOutput { FileOutput(descriptor: STDOUT_FILENO) }

    /// Appends `count` events from `workload` as JSON lines, flushing as the buffer fills.
    mutating func writeJSONLines(_ workload: inout Workload, count: Int) throws {
        for _ in 0..<count {
            workload.next()!.writeJSON(to: &json)
            json.bytes.append(0x0A)
            if json.bytes.count >= Self.chunk { try flush() }
        }
        try flush()
    }

    /// Writes out everything buffered.
    mutating func flush() throws {
        var offset = 0
        try json.bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK {  // a non-blocking stdout: wait until writable
                        var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&ready, 1, -1)
                        continue
                    }
                    throw OutputError(errno: errno)
                }
                offset += n
            }
        }
        json.bytes.removeAll(keepingCapacity: true)
    }
}

/// A write to the output failed (for example, the reader went away).
struct OutputError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String { "cannot write output: \(String(cString: strerror(errno)))" }
}
