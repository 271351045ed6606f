import Contracts
import Foundation

/// Group commit for one table's commit log: a write waits for a sync that
/// began after it was applied, and every write waiting meanwhile shares that
/// one fsync (Cassandra's `commitlog_sync: group`). The fsync itself runs on a
/// Dispatch thread, so neither the event loops nor the cooperative pool block.
final class CommitLogSync: @unchecked Sendable {
    private let lock = NSLock()
    private let begin: @Sendable () throws -> PendingSync
    /// Syncs started so far, and finished so far (with how they ended).
    private var started = 0
    private var finished = 0
    private var running = false
    private var waiters: [(round: Int, continuation: CheckedContinuation<Void, Error>)] = []

    /// `begin` captures what to sync (called under the table's lock by the closure).
    init(begin: @escaping @Sendable () throws -> PendingSync) {
        self.begin = begin
    }

    /// Returns once everything applied before the call is durable.
    func waitDurable() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let startNow: Bool = lock.withLock {
                waiters.append((started + 1, continuation))
                if running { return false }
                running = true
                return true
            }
            if startNow { DispatchQueue.global().async { self.loop() } }
        }
    }

    private func loop() {
        while true {
            let round: Int? = lock.withLock {
                if waiters.isEmpty { running = false; return nil }
                started += 1
                return started
            }
            guard let round else { return }
            let outcome: Result<Void, Error> = Result { try begin().sync() }
            let ready: [CheckedContinuation<Void, Error>] = lock.withLock {
                finished = round
                let done = waiters.filter { $0.round <= round }.map(\.continuation)
                waiters.removeAll { $0.round <= round }
                return done
            }
            for continuation in ready { continuation.resume(with: outcome) }
        }
    }
}
