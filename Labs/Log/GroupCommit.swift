import Contracts

/// Step 6: group commit. One sync at a time; whoever arrives while it runs
/// waits for the next one, which covers all of them at once.
actor GroupCommit: GroupCommitting {
    /// Makes everything appended so far durable; returns the offset below which all is.
    let sync: @Sendable () async throws -> Int64
    /// Everything below this offset is durable.
    var durable: Int64 = 0
    /// Whether a sync loop is running.
    var syncing = false
    /// Callers waiting for their offset to become durable.
    var waiters: [(offset: Int64, continuation: CheckedContinuation<Void, any Error>)] = []

    init(sync: @escaping @Sendable () async throws -> Int64) {
        self.sync = sync
    }

    /// Step 6: returns once everything below `offset` is durable. Callers
    /// that arrive while a sync runs share the next one.
    func waitDurable(upTo offset: Int64) async throws {
        throw NotImplemented(step: 6)
    }
}
