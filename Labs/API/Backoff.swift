import Contracts

/// Step 5: exponential backoff with a random factor (Akka's
/// `BackoffSupervisor`): the wait doubles with each attempt, is capped at
/// `maxBackoff`, then stretched by up to `randomFactor`. The API's Kafka
/// producer waits this long before each retry when the log connection drops.
enum Backoff {
    static func delay(attempt: Int, _ policy: BackoffPolicy, random: Double) throws -> Duration {
        throw NotImplemented(step: 5)
    }
}
