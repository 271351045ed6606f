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

    mutating func take(now: Int64) throws -> RateDecision {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return .allowed
        }
        guard limit.eventsPerSecond > 0 else { return .limited(retryAfterMs: 60_000) }
        let wait = ((1 - tokens) * 1000 / limit.eventsPerSecond).rounded(.up)
        return .limited(retryAfterMs: max(1, Int64(wait)))
    }

    mutating func available(now: Int64) throws -> Double {
        refill(now: now)
        return tokens
    }

    private mutating func refill(now: Int64) {
        guard now > refilledAt else { return }
        tokens = min(Double(limit.burst), tokens + Double(now - refilledAt) * limit.eventsPerSecond / 1000)
        refilledAt = now
    }
}
