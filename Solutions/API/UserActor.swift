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
    /// Set when the actor fails (step 5): from then on its state is final.
    private var stopped = false

    init(user: Int64, state: UserState, configuration: UserDirectoryConfiguration) {
        self.user = user
        self.state = state
        self.configuration = configuration
    }

    /// The rules on every event first (a throw is this actor failing, before
    /// anything changed: it stops); then per event moderation, the rate limit
    /// and the next sequence number: `.accepted(sequence:)` means "publish it".
    /// A stopped actor throws `ActorStopped` and changes nothing, so the state
    /// its replacement starts from is the last one it numbered from.
    func take(_ events: [ChirpEvent], now: Int64) throws -> [Submission] {
        guard !stopped else { throw ActorStopped(user: user) }
        do {
            for event in events { try configuration.rules(event) }
        } catch {
            stopped = true
            throw error
        }
        state.lastActive = max(state.lastActive, now)
        return try events.map { _ in
            if state.verdict == .block { return .blocked }
            if case .limited(let wait) = try state.bucket.take(now: now) { return .rateLimited(retryAfterMs: wait) }
            state.sequence += 1
            return .accepted(sequence: state.sequence)
        }
    }

    /// Step 6: a verdict changes the limit (a throttle gets a bucket of its own) or blocks.
    func apply(_ verdict: ModerationVerdict.Action, now: Int64) throws {
        try state.apply(verdict, normal: configuration.rateLimit, now: now)
    }
}
