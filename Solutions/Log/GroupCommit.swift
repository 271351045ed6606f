import Contracts

/// Step 6: group commit. One sync at a time; whoever arrives while it runs
/// waits for the next one, which covers all of them at once.
actor GroupCommit: GroupCommitting {
    let sync: @Sendable () async throws -> Int64
    /// Everything below this offset is durable.
    var durable: Int64 = 0
    var syncing = false
    var waiters: [(offset: Int64, continuation: CheckedContinuation<Void, any Error>)] = []

    init(sync: @escaping @Sendable () async throws -> Int64) {
        self.sync = sync
    }

    func waitDurable(upTo offset: Int64) async throws {
        if offset <= durable { return }
        try await withCheckedThrowingContinuation { continuation in
            waiters.append((offset, continuation))
            if !syncing {
                syncing = true
                Task { await self.syncUntilDone() }
            }
        }
    }

    /// Syncs while anyone waits; each sync releases every waiter it covers.
    func syncUntilDone() async {
        while !waiters.isEmpty {
            do {
                durable = max(durable, try await sync())
                let (done, waiting) = (waiters.filter { $0.offset <= durable }, waiters.filter { $0.offset > durable })
                waiters = waiting
                for waiter in done { waiter.continuation.resume() }
            } catch {
                let failed = waiters
                waiters = []
                for waiter in failed { waiter.continuation.resume(throwing: error) }
            }
        }
        syncing = false
    }
}
