import Contracts

/// What a user's actor knows. A value: the supervisor restarts a failed
/// actor from it, and keeps it while the user is passivated.
struct UserState: Sendable {
    /// The number given to the user's last event.
    var sequence: Int64 = 0
    var bucket: Bucket
    var verdict: ModerationVerdict.Action = .allow
    /// When the actor last handled something (ms).
    var lastActive: Int64
}

/// Step 3: one user's actor. It owns the user's state and decides about the
/// user's events one message at a time (an actor's isolation), so its
/// sequence and bucket need no locks, and users never wait for each other.
actor UserActor {
    let user: Int64
    private(set) var state: UserState
    private let configuration: UserDirectoryConfiguration

    init(user: Int64, state: UserState, configuration: UserDirectoryConfiguration) {
        self.user = user
        self.state = state
        self.configuration = configuration
    }

    /// Step 3: per event, the rate limit (`.rateLimited`) or the next
    /// sequence number (`.accepted(sequence:)`, meaning "publish it").
    /// Step 5: first apply `configuration.rules` to every event (a throw is
    /// this actor failing). Step 6: a blocked user's events are `.blocked`.
    func take(_ events: [ChirpEvent], now: Int64) throws -> [Submission] {
        throw NotImplemented(step: 3)
    }

    /// Step 6: a verdict changes the limit (a throttle gets a bucket of its own) or blocks.
    func apply(_ verdict: ModerationVerdict.Action, now: Int64) throws {
        throw NotImplemented(step: 6)
    }

    /// The rate limit under `verdict`: a throttle's own, else the normal one.
    static func limit(for verdict: ModerationVerdict.Action, normal: RateLimit) -> RateLimit {
        if case .throttle(let limit) = verdict { return limit }
        return normal
    }
}
