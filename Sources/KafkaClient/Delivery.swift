import NIOConcurrencyHelpers

/// A record handed to a `KafkaProducer` by `enqueue`: it is in its
/// partition's batch, in order, and `acknowledged()` waits for the broker.
public struct Delivery: Sendable {
    /// The outcome of the record's batch, shared by every record in it.
    let outcome: BatchOutcome
    let partition: Int32
    /// The record's place in its batch.
    let index: Int32

    /// The record's partition and offset once the broker acknowledged it
    /// (offset -1 with acks = 0); throws if its batch failed after its retries.
    /// Returns at once when the batch has already been answered.
    public func acknowledged() async throws -> (partition: Int32, offset: Int64) {
        let base = try await outcome.value()
        return (partition, base < 0 ? -1 : base + Int64(index))
    }
}

/// What the broker answered for one batch: its base offset (-1 with acks =
/// 0) or the error it failed with. One per batch, not one promise per record:
/// completing it is one lock, and a delivery awaited after the answer does
/// not wait at all.
final class BatchOutcome: @unchecked Sendable {
    private let lock = NIOLock()
    private var result: Result<Int64, any Error>?
    private var waiting: [CheckedContinuation<Int64, any Error>] = []

    func complete(_ outcome: Result<Int64, any Error>) {
        let waiters = lock.withLock { () -> [CheckedContinuation<Int64, any Error>] in
            guard result == nil else { return [] }
            result = outcome
            defer { waiting = [] }
            return waiting
        }
        for waiter in waiters { waiter.resume(with: outcome) }
    }

    func value() async throws -> Int64 {
        if let done = lock.withLock({ result }) { return try done.get() }
        return try await withCheckedThrowingContinuation { continuation in
            let done = lock.withLock { () -> Result<Int64, any Error>? in
                if result == nil { waiting.append(continuation) }
                return result
            }
            if let done { continuation.resume(with: done) }
        }
    }
}
