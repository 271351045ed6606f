/// A hashtag's traffic jumping for a while: the ground truth a trend
/// detector should find.
public struct Burst: Hashable, Sendable, Codable {
    /// The hashtag (lowercase, without `#`).
    public var tag: String
    /// The tag's popularity rank outside the burst (0 is the most popular).
    public var rank: Int
    /// Event time (ms since the epoch) at which the burst starts, inclusive.
    public var startMs: Int64
    /// Event time at which it ends, exclusive.
    public var endMs: Int64
    /// How many times its usual rate the tag is used during the burst.
    public var factor: Int

    public init(tag: String, rank: Int, startMs: Int64, endMs: Int64, factor: Int) {
        self.tag = tag
        self.rank = rank
        self.startMs = startMs
        self.endMs = endMs
        self.factor = factor
    }

    /// True while the burst is on at event time `ts`.
    public func contains(_ ts: Int64) -> Bool {
        ts >= startMs && ts < endMs
    }
}
