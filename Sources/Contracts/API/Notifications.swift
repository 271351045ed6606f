import Foundation

/// Something to tell a user now: a mention, "your chirp is trending".
public struct ChirpNotification: Equatable, Sendable, Codable {
    /// Who is told.
    public var user: Int64
    /// What kind: `mention`, `trending`, …
    public var kind: String
    /// For a person to read.
    public var text: String
    /// When it happened (ms since the epoch).
    public var ts: Int64

    public init(user: Int64, kind: String, text: String, ts: Int64) {
        self.user = user
        self.kind = kind
        self.text = text
        self.ts = ts
    }
}

/// Fans notifications out to the clients connected for each user (step 6).
public protocol NotificationHub: Sendable {
    /// A stream of `user`'s notifications from now on. When the consumer
    /// stops (the client went away), the subscription is removed.
    func subscribe(user: Int64) async throws -> AsyncStream<ChirpNotification>
    /// Delivers `notification` to every subscriber of its user; returns how
    /// many there were. Never waits for a slow subscriber: one holding
    /// `bufferSize` undelivered notifications loses its oldest.
    @discardableResult
    func publish(_ notification: ChirpNotification) async throws -> Int
    /// The subscriptions `user` has now.
    func subscribers(of user: Int64) async -> Int
}
