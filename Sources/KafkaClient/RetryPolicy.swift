/// How often, and how patiently, an operation is tried again after a
/// retriable error (`KafkaClientError.isRetriable`): a lost connection, a
/// moved leader, a timeout.
public struct RetryPolicy: Sendable {
    /// How many times to try again after the first attempt.
    public var retries: Int
    /// The wait before the first retry; it doubles with each retry.
    public var backoff: Duration
    /// The longest wait between two tries.
    public var maxBackoff: Duration

    /// A policy of `retries` retries, waiting `backoff`, doubled each time up to `maxBackoff`.
    public init(retries: Int = 10, backoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(1)) {
        self.retries = retries
        self.backoff = backoff
        self.maxBackoff = maxBackoff
    }

    /// The wait before retry number `attempt` (1 for the first retry).
    func delay(before attempt: Int) -> Duration {
        min(maxBackoff, backoff * (1 << min(attempt - 1, 20)))
    }

    /// Runs `operation` until it succeeds, fails with an error that is not
    /// retriable (nor one `alsoRetrying` accepts), or has used up its retries.
    /// `onRetry` runs after each such failure, before the backoff (to drop a
    /// stale connection or metadata); if it throws, so does `run`. Runs on
    /// the caller's actor.
    func run<T>(isolation: isolated (any Actor)? = #isolation, _ operation: () async throws -> T,
                alsoRetrying: (KafkaClientError) -> Bool = { _ in false },
                onRetry: (KafkaClientError) async throws -> Void = { _ in }) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await operation()
            } catch let error as KafkaClientError where (error.isRetriable || alsoRetrying(error)) && attempt < retries {
                attempt += 1
                try await onRetry(error)
                try await Task.sleep(for: delay(before: attempt))
            }
        }
    }
}
