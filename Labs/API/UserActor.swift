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

    /// Puts the user under `verdict`: blocked or not, and a fresh bucket at
    /// the verdict's limit (a throttle's own, else `normal`).
    mutating func apply(_ verdict: ModerationVerdict.Action, normal: RateLimit, now: Int64) throws {
        self.verdict = verdict
        if case .throttle(let limit) = verdict {
            bucket = try Bucket(limit, now: now)
        } else {
            bucket = try Bucket(normal, now: now)
        }
    }
}

/// Step 3: one user's actor. It owns the user's state and decides about the
/// user's events one message at a time (an actor's isolation), so its
/// sequence and bucket need no locks, and users never wait for each other.
actor UserActor {
    let user: Int64
    private(set) var state: UserState
    private let configuration: UserDirectoryConfiguration
    /// Step 5: set when the actor fails; from then on its state is final.
    private var stopped = false

    init(user: Int64, state: UserState, configuration: UserDirectoryConfiguration) {
        self.user = user
        self.state = state
        self.configuration = configuration
    }

    /// Step 3: per event, the rate limit (`.rateLimited`) or the next
    /// sequence number (`.accepted(sequence:)`, meaning "publish it").
    /// Step 5: first apply `configuration.rules` to every event (a throw is
    /// this actor failing: set `stopped`, rethrow); a stopped actor throws
    /// `ActorStopped(user:)` and changes nothing. Step 6: a blocked user's
    /// events are `.blocked`.
    func take(_ events: [ChirpEvent], now: Int64) throws -> [Submission] {
        throw NotImplemented(step: 3)
    }

    /// Step 6: a verdict changes the limit (a throttle gets a bucket of its own)
    /// or blocks: `state.apply(…)` does both.
    func apply(_ verdict: ModerationVerdict.Action, now: Int64) throws {
        throw NotImplemented(step: 6)
    }
}
