/// A rate limit: a steady rate and the burst allowed above it.
public struct RateLimit: Equatable, Sendable, Codable, CustomStringConvertible {
    /// Tokens added per second (the sustained events per second).
    public var eventsPerSecond: Double
    /// The bucket's capacity: how many events may come at once after a quiet spell.
    public var burst: Int

    public init(eventsPerSecond: Double, burst: Int) {
        self.eventsPerSecond = eventsPerSecond
        self.burst = burst
    }

    public var description: String { "\(eventsPerSecond)/s, burst \(burst)" }
}

/// A token bucket's answer to one event.
public enum RateDecision: Equatable, Sendable {
    /// A token was taken: the event may go.
    case allowed
    /// No whole token: try again in `retryAfterMs` milliseconds (when one will be there).
    case limited(retryAfterMs: Int64)
}

/// A token bucket (step 2): it holds up to `burst` tokens, refills at
/// `eventsPerSecond` continuously (fractions count) and each event takes one.
public protocol TokenBucket: Sendable {
    /// Refills for the time since the last call, then takes one token if a
    /// whole one is there. `now` is in milliseconds and never goes back.
    mutating func take(now: Int64) throws -> RateDecision
    /// The tokens in the bucket at `now` (after refilling), for tests and metrics.
    mutating func available(now: Int64) throws -> Double
}
