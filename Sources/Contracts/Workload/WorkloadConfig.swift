/// The knobs of the Chirp workload. Every field has a default that suits a
/// laptop; the same configuration (seed included) always yields the same events.
public struct WorkloadConfig: Hashable, Sendable {
    /// Seeds every random choice.
    public var seed: UInt64
    /// How many users (ids 1...users).
    public var users: Int = 10_000
    /// How many distinct hashtags.
    public var hashtags: Int = 1_000
    /// Zipf skew of user activity (who acts, who gets mentioned and followed).
    public var userSkew: Double = 1.1
    /// Zipf skew of hashtag popularity.
    public var hashtagSkew: Double = 1.2
    /// Events per second of event time.
    public var rate: Double = 1_000
    /// Event time of the first event, ms since the epoch (2023-11-14T22:13:20Z).
    public var startMs: Int64 = 1_700_000_000_000
    /// Shares of posts and likes; the rest are follows.
    public var postShare: Double = 0.6
    public var likeShare: Double = 0.3
    /// Events arrive up to this much later than their event time says
    /// (bounded disorder): a watermark this far behind the newest event
    /// time sees every on-time event.
    public var maxDisorderMs: Int64 = 2_000
    /// The share of late events: older than the bounded disorder allows.
    public var lateShare: Double = 0.01
    /// How much later than the disorder bound a late event arrives.
    public var lateByMs: ClosedRange<Int64> = 1_000...30_000
    /// A burst starts once in every period of event time...
    public var burstPeriodMs: Int64 = 60_000
    /// ...this far into the period...
    public var burstOffsetMs: ClosedRange<Int64> = 5_000...15_000
    /// ...and lasts this long,
    public var burstLengthMs: ClosedRange<Int64> = 10_000...20_000
    /// multiplying its tag's rate by a factor in this range,
    public var burstFactor: ClosedRange<Int64> = 20...50
    /// for a tag of this popularity rank (a tag that is not already on top).
    public var burstRanks: ClosedRange<Int64> = 20...199

    public init(seed: UInt64) {
        self.seed = seed
    }
}
