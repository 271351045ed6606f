/// Exponential backoff with a random factor, as Akka's `BackoffSupervisor`:
/// wait `min(maxBackoff, minBackoff × 2^(attempt−1)) × (1 + random × randomFactor)`.
public struct BackoffPolicy: Equatable, Sendable {
    /// The wait before the first retry.
    public var minBackoff: Duration
    /// The longest wait before the random factor.
    public var maxBackoff: Duration
    /// How much longer a wait may randomly be: 0.2 means up to 20 % longer,
    /// so that clients cut off together do not all come back at the same instant.
    public var randomFactor: Double

    public init(minBackoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(2), randomFactor: Double = 0.2) {
        self.minBackoff = minBackoff
        self.maxBackoff = maxBackoff
        self.randomFactor = randomFactor
    }
}
