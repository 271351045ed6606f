/// The record `window-topk` counts: a user used a hashtag at an event time.
///
/// On disk, one per line, as JSON `{"user_id":7,"hashtag":"swift","ts":1700000000000}`
/// or CSV `7,swift,1700000000000` (`ts` in milliseconds since the epoch).
public struct HashtagEvent: Hashable, Sendable {
    public var userId: Int64
    public var hashtag: String
    public var ts: Int64

    public init(userId: Int64, hashtag: String, ts: Int64) {
        self.userId = userId
        self.hashtag = hashtag
        self.ts = ts
    }
}
