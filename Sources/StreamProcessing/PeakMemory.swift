import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's peak resident memory, as the kernel counts it.
public enum PeakMemory {
    /// Peak RSS in MiB, or nil where the system does not say.
    ///
    /// On Linux this is `VmHWM` of `/proc/self/status`: the high-water mark
    /// of this program's own memory. `getrusage`'s `ru_maxrss` is not: a
    /// process started with `posix_spawn` (as Foundation's `Process` does)
    /// inherits its parent's peak there, so a small job started by a big
    /// benchmark would report the benchmark's memory.
    public static var residentMiB: Int? {
        #if canImport(Glibc)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kiB = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return kiB / 1024
        }
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) / 1024  // KiB on Linux
        #elseif canImport(Darwin)
        var usage = rusage()
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) / (1024 * 1024)  // bytes on macOS
        #else
        return nil
        #endif
    }
}
