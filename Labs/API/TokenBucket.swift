import Contracts
import Foundation

/// Step 2: a token bucket. It starts full (`burst` tokens), refills
/// continuously at `eventsPerSecond` up to `burst`, and each event takes one
/// whole token; without one, the answer says when one will be there.
struct Bucket: TokenBucket {
    let limit: RateLimit
    private var tokens: Double
    private var refilledAt: Int64

    init(_ limit: RateLimit, now: Int64) throws {
        self.limit = limit
        tokens = Double(limit.burst)
        refilledAt = now
    }

    /// Refill, then take one whole token (.allowed) or say when one will be there (.limited).
    mutating func take(now: Int64) throws -> RateDecision {
        throw NotImplemented(step: 2)
    }

    /// Refill, then the tokens there are.
    mutating func available(now: Int64) throws -> Double {
        throw NotImplemented(step: 2)
    }
}
