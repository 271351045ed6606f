/// One thing a Chirp user did: posted a chirp, liked one, or followed someone.
///
/// This is the event every component shares: the API accepts it, the log
/// stores it, streaming jobs aggregate it and the store persists it. On the
/// wire it is one JSON object (one per line where streamed):
///
/// ```json
/// {"id":"s7-0","type":"post","user":42,"ts":1700000000000,"text":"shipping #swift with @ana"}
/// {"id":"s7-1","type":"like","user":7,"ts":1700000000001,"post":"s7-0"}
/// {"id":"s7-2","type":"follow","user":7,"ts":1700000000002,"followee":42}
/// ```
public struct ChirpEvent: Hashable, Sendable {
    /// Unique event id; the API assigns one when a client leaves it out.
    public var id: String
    /// The acting user's id (positive).
    public var user: Int64
    /// Event time in milliseconds since the Unix epoch: when it happened on
    /// the client, not when a server saw it.
    public var ts: Int64
    /// What the user did, with the data that kind of event carries.
    public var action: Action

    /// What a user did. The JSON `type` field names the case.
    public enum Action: Hashable, Sendable {
        /// A new chirp; hashtags and mentions are derived from `text`.
        case post(text: String)
        /// A like of the chirp whose event id is `post`.
        case like(post: String)
        /// `user` starts following `followee`.
        case follow(followee: Int64)
    }

    /// The JSON `type` of an event.
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case post, like, follow
    }

    public init(id: String, user: Int64, ts: Int64, action: Action) {
        self.id = id
        self.user = user
        self.ts = ts
        self.action = action
    }

    /// The event's `type`.
    public var kind: Kind {
        switch action {
        case .post: .post
        case .like: .like
        case .follow: .follow
        }
    }

    /// The chirp's text, for posts.
    public var text: String? {
        if case .post(let text) = action { text } else { nil }
    }

    /// Hashtags in the chirp's text (lowercased, without `#`), for posts.
    public var hashtags: [String] { text.map(ChirpText.hashtags(in:)) ?? [] }

    /// Handles mentioned in the chirp's text (lowercased, without `@`), for posts.
    public var mentions: [String] { text.map(ChirpText.mentions(in:)) ?? [] }
}
