import Foundation

/// Reads a pipe to its end on another thread, so that a child process never
/// stalls on a full pipe while we wait for it.
final class PipeReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                self.lock.withLock { self.data.append(chunk) }
            }
            self.done.signal()
        }
    }

    /// Everything read, once the writer closed the pipe.
    func finish() -> Data {
        done.wait()
        return lock.withLock { data }
    }

    /// Everything read by the time the writer closed the pipe, or by `timeout`.
    func finish(within timeout: Duration) -> Data {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        _ = done.wait(timeout: .now() + seconds)
        return lock.withLock { data }
    }
}
