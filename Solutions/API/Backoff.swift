import Contracts

/// Step 5: exponential backoff with a random factor (Akka's
/// `BackoffSupervisor`): the wait doubles with each attempt, is capped at
/// `maxBackoff`, then stretched by up to `randomFactor`.
enum Backoff {
    static func delay(attempt: Int, _ policy: BackoffPolicy, random: Double) throws -> Duration {
        let doublings = min(max(attempt - 1, 0), 40)
        let exponential = policy.minBackoff * (Int64(1) << doublings)
        let capped = min(policy.maxBackoff, exponential)
        return capped * (1 + random * policy.randomFactor)
    }
}
