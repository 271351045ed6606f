import Contracts
import LabKit

extension APISuite {
    /// Step 2: a token bucket.
    static let tokenBucketStep = Step<any APILab>(
        2, "Rate limit: a token bucket",
        file: "Labs/API/TokenBucket.swift", function: "Bucket.take(now:), Bucket.available(now:)",
        hints: [
            "Keep two numbers: tokens (a Double, starts at burst) and the time of the last refill. Before anything else, refill: tokens = min(burst, tokens + elapsedMs × eventsPerSecond / 1000), and remember now. If now is not later than the last refill, add nothing.",
            "take: if tokens ≥ 1, take one and answer .allowed. Otherwise answer .limited with the milliseconds until one whole token is there: (1 − tokens) × 1000 / eventsPerSecond, rounded up.",
            "Multiply before dividing (elapsed × rate / 1000): 100 ms at 10/s is then exactly 1 token.",
        ],
        reading: "Labs/API/README.md#step-2-rate-limit-a-token-bucket"
    ) { lab, _ in
        var bucket = try attempt("makeTokenBucket(10/s, burst 3, now: 0)") { try lab.makeTokenBucket(RateLimit(eventsPerSecond: 10, burst: 3), now: 0) }
        for i in 1...3 {
            try expectEqual(try attempt("take(now: 0)") { try bucket.take(now: 0) }, .allowed, "take(now: 0) number \(i) of a full bucket of 3")
        }
        try expectEqual(try bucket.take(now: 0), .limited(retryAfterMs: 100), "take(now: 0) on an empty bucket refilling 10/s (one token in 100 ms)")
        try expectEqual(try bucket.take(now: 40), .limited(retryAfterMs: 60), "take(now: 40): 0.4 tokens are back, the next whole one in 60 ms")
        try expectEqual(try bucket.take(now: 100), .allowed, "take(now: 100): one token refilled")
        try expectEqual(try bucket.take(now: 100), .limited(retryAfterMs: 100), "take(now: 100) again")
        try expectEqual(try bucket.take(now: 50), .limited(retryAfterMs: 100), "take(now: 50) after now 100 (time never goes back: nothing refills)")
        let full = try attempt("available(now: 60_000)") { try bucket.available(now: 60_000) }
        try expect(abs(full - 3) < 1e-9, "available(now: 60_000) returned \(full), expected 3 (60 s at 10/s refills far more than the burst of 3, and a bucket never holds more than its burst): refill by the time since the last refill, then cap at the burst")
        for _ in 1...3 { _ = try bucket.take(now: 60_000) }
        let none = try bucket.available(now: 60_000)
        try expect(abs(none) < 1e-9, "available(now: 60_000) after taking 3 returned \(none), expected 0")

        var slow = try lab.makeTokenBucket(RateLimit(eventsPerSecond: 2.5, burst: 1), now: 1_000)
        try expectEqual(try slow.take(now: 1_000), .allowed, "2.5/s burst 1: take(now: 1000)")
        try expectEqual(try slow.take(now: 1_200), .limited(retryAfterMs: 200), "2.5/s burst 1: take(now: 1200), 0.5 tokens back")
        let half = try slow.available(now: 1_200)
        try expect(abs(half - 0.5) < 1e-9, "2.5/s: available(now: 1200) returned \(half), expected 0.5")
        try expectEqual(try slow.take(now: 1_400), .allowed, "2.5/s burst 1: take(now: 1400), a whole token back")

        // A wait that is not a whole number of ms is rounded up: retrying sooner would be refused again.
        var third = try lab.makeTokenBucket(RateLimit(eventsPerSecond: 3, burst: 1), now: 0)
        _ = try third.take(now: 0)
        try expectEqual(try third.take(now: 0), .limited(retryAfterMs: 334),
                        "3/s burst 1: take(now: 0) right after the only token went (the next in 333.3 ms, rounded up)")

        // A long run: over 10 s at 10/s with burst 3, exactly 3 + 100 events pass.
        var steady = try lab.makeTokenBucket(RateLimit(eventsPerSecond: 10, burst: 3), now: 0)
        var allowed = 0
        for ms in stride(from: Int64(0), through: 10_000, by: 25) where try steady.take(now: ms) == .allowed { allowed += 1 }
        try expectEqual(allowed, 103, "events allowed when one is tried every 25 ms for 10 s at 10/s, burst 3")
    }
}
