#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's peak resident memory, as the kernel counts it.
public enum PeakMemory {
    /// Peak RSS in MiB, or nil where the system does not say.
    public static var residentMiB: Int? {
        var usage = rusage()
        #if canImport(Glibc)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) / 1024  // KiB on Linux
        #elseif canImport(Darwin)
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) / (1024 * 1024)  // bytes on macOS
        #else
        return nil
        #endif
    }
}
