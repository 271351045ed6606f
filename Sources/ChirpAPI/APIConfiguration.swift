import Contracts

/// How the API serves.
public struct APIConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 8080
    /// Accepted `x-api-key` values; empty turns authentication off.
    public var apiKeys: Set<String> = []
    /// The largest request body; larger ones get 413.
    public var maxBodyBytes = 1 << 20
    /// The user actors: rate limit, passivation, rules.
    public var users = UserDirectoryConfiguration()
    /// Events in the log's hands at once; past that, 503 (backpressure).
    public var maxInFlight = 50_000
    /// How often (ms) a quiet notification stream gets a comment line.
    public var heartbeatMs: Int64 = 15_000
    /// Undelivered notifications kept per connected client.
    public var notificationBuffer = 256
    /// The rate limit of a user the `moderation` topic says to throttle
    /// (unless the verdict names its own).
    public var throttle = RateLimit(eventsPerSecond: 1, burst: 5)

    public init() {}
}
