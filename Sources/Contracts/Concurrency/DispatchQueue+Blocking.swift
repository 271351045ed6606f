import Foundation

extension DispatchQueue {
    /// Runs `work`, which blocks its thread (an fsync, a compaction, a wait
    /// for a lock), on this queue instead of one of Swift's cooperative
    /// threads, and returns what it returns. The cooperative pool has a thread
    /// per core: work that blocks one there stalls every task behind it.
    public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            async { continuation.resume(with: Result { try work() }) }
        }
    }
}
