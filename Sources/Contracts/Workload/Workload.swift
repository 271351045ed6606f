/// The seeded Chirp workload: an endless, reproducible stream of events.
///
/// Users act with Zipf-distributed activity; posts carry Zipf-popular hashtags
/// and mentions; likes point at recent posts; follows go to popular users.
/// Every `burstPeriodMs` of event time one mid-popular tag bursts (see
/// ``bursts(until:)``, the ground truth). Event times run at `rate` events
/// per second, each up to `maxDisorderMs` behind, and about `lateShare` of
/// events arrive later than that.
///
/// ```swift
/// var workload = Workload(WorkloadConfig(seed: 7))
/// let first = workload.next()   // the same event for seed 7, always
/// ```
public struct Workload: IteratorProtocol, Sequence, Sendable {
    public let config: WorkloadConfig
    /// How many events this workload has produced so far.
    public private(set) var produced: Int64 = 0
    /// How many of them were late (beyond the disorder bound).
    public private(set) var lateProduced: Int64 = 0

    var rng: SplitMix64
    let users: Zipf
    let tags: Zipf
    let tagNames: [String]
    let tagBytes: [[UInt8]]
    var text: [UInt8] = []
    let idPrefix: String
    var recentPosts: [String] = []
    var recentPostCursor = 0
    var burstIndex: Int64 = -1
    var currentBurst: Burst?

    static let recentPostCapacity = 1_024
    static let wordBytes = Vocabulary.words.map { Array($0.utf8) }
    /// Cumulative shares of posts with 0, 1, 2 (and 3) hashtags, and 0, 1 (and 2) mentions.
    static let hashtagCounts = [0.30, 0.75, 0.95]
    static let mentionCounts = [0.75, 0.95]

    public init(_ config: WorkloadConfig) {
        self.config = config
        rng = SplitMix64(seed: config.seed)
        users = Zipf(n: config.users, s: config.userSkew)
        tags = Zipf(n: config.hashtags, s: config.hashtagSkew)
        tagNames = Vocabulary.hashtags(config.hashtags)
        tagBytes = tagNames.map { Array($0.utf8) }
        text.reserveCapacity(256)
        idPrefix = "s\(config.seed)-"
        recentPosts.reserveCapacity(Self.recentPostCapacity)
    }

    /// The next event. Never nil: the workload is endless (use `prefix(_:)`).
    public mutating func next() -> ChirpEvent? {
        let index = produced
        produced += 1
        let nominal = config.startMs + Int64(Double(index) * 1_000 / config.rate)
        let ts: Int64
        if rng.chance(config.lateShare) {
            ts = nominal - config.maxDisorderMs - rng.int(in: config.lateByMs)
            lateProduced += 1
        } else {
            ts = nominal - rng.int(in: 0...config.maxDisorderMs)
        }
        let user = Int64(users.sample(&rng) + 1)
        let id = idPrefix + String(index)
        let roll = rng.unit()
        let action: ChirpEvent.Action
        if roll < config.postShare || recentPosts.isEmpty || config.users < 2 {
            action = .post(text: chirpText(at: ts))
            remember(post: id)
        } else if roll < config.postShare + config.likeShare {
            action = .like(post: recentPosts[Int(rng.int(in: 0...Int64(recentPosts.count - 1)))])
        } else {
            let followee = Int64(users.sample(&rng) + 1)
            action = .follow(followee: followee == user ? user % Int64(config.users) + 1 : followee)
        }
        return ChirpEvent(id: id, user: user, ts: ts, action: action)
    }

    /// The bursts that start before event time `endMs`, in order: the
    /// ground truth for trend detection over events up to `endMs`.
    public func bursts(until endMs: Int64) -> [Burst] {
        var found: [Burst] = []
        var k: Int64 = 0
        while true {
            let burst = self.burst(k)
            if burst.startMs >= endMs { return found }
            found.append(burst)
            k += 1
        }
    }

    /// Burst `k`, the one in the k-th period: drawn from its own generator,
    /// so it does not depend on how many events were generated.
    func burst(_ k: Int64) -> Burst {
        var rng = SplitMix64(seed: config.seed ^ (0xB0B5_7000 &+ UInt64(k) &* 0x9E37_79B9))
        let start = config.startMs + k * config.burstPeriodMs + rng.int(in: config.burstOffsetMs)
        let length = rng.int(in: config.burstLengthMs)
        let maxRank = Int64(config.hashtags - 1)
        let ranks = Swift.min(config.burstRanks.lowerBound, maxRank)...Swift.min(config.burstRanks.upperBound, maxRank)
        let rank = Int(rng.int(in: ranks))
        return Burst(tag: tagNames[rank], rank: rank, startMs: start, endMs: start + length,
                     factor: Int(rng.int(in: config.burstFactor)))
    }

    mutating func burst(at ts: Int64) -> Burst? {
        let k = (ts - config.startMs) / config.burstPeriodMs
        if k != burstIndex {
            burstIndex = k
            currentBurst = k >= 0 ? burst(k) : nil
        }
        guard let burst = currentBurst, burst.contains(ts) else { return nil }
        return burst
    }

    mutating func remember(post id: String) {
        if recentPosts.count < Self.recentPostCapacity {
            recentPosts.append(id)
        } else {
            recentPosts[recentPostCursor] = id
            recentPostCursor = (recentPostCursor + 1) % Self.recentPostCapacity
        }
    }

    /// A chirp: a few words, 0–3 hashtags and 0–2 mentions. Built as UTF-8
    /// bytes in a reused buffer: the generator's hot path.
    mutating func chirpText(at ts: Int64) -> String {
        let hashtagCount = pick(Self.hashtagCounts)
        let mentionCount = pick(Self.mentionCounts)
        let wordCount = Int(rng.int(in: 3...12))
        let burst = burst(at: ts)
        text.removeAll(keepingCapacity: true)
        for i in 0..<wordCount {
            if i > 0 { text.append(0x20) }
            text.append(contentsOf: Self.wordBytes[Int(rng.int(in: 0...Int64(Self.wordBytes.count - 1)))])
        }
        var used = (-1, -1)
        for _ in 0..<hashtagCount {
            let rank = hashtagRank(burst: burst)
            if rank == used.0 || rank == used.1 { continue }
            used = (rank, used.0)
            text.append(0x20)
            text.append(0x23)  // " #"
            text.append(contentsOf: tagBytes[rank])
        }
        for _ in 0..<mentionCount {
            text.append(0x20)
            text.append(0x40)  // " @"
            text.append(contentsOf: ChirpUser.handle(Int64(users.sample(&rng) + 1)).utf8)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A tag rank with Zipf probabilities; during a burst its tag is drawn
    /// `factor` times as often as usual.
    mutating func hashtagRank(burst: Burst?) -> Int {
        if let burst {
            let boost = Double(burst.factor - 1) * tags.probability(of: burst.rank)
            if rng.chance(boost / (1 + boost)) { return burst.rank }
        }
        return tags.sample(&rng)
    }

    /// Index of the first cumulative threshold above a uniform draw
    /// (thresholds.count when none is).
    mutating func pick(_ thresholds: [Double]) -> Int {
        let u = rng.unit()
        return thresholds.firstIndex { u < $0 } ?? thresholds.count
    }
}
