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

/// Step 3: one user's actor. It handles that user's events one message at
/// a time (an actor's isolation), so its sequence and bucket need no locks;
/// while it awaits the log it takes the user's next event (reentrancy).
actor UserActor {
    let user: Int64
    private(set) var state: UserState
    private let configuration: UserDirectoryConfiguration
    private let sink: any EventSink

    init(user: Int64, state: UserState, configuration: UserDirectoryConfiguration, sink: any EventSink) {
        self.user = user
        self.state = state
        self.configuration = configuration
        self.sink = sink
    }

    /// Moderation, rate limit, the rules, a sequence number, then publish
    /// and wait for the log. A throw from `rules` is this actor failing.
    func handle(_ event: ChirpEvent, now: Int64) async throws -> Submission {
        state.lastActive = max(state.lastActive, now)
        if state.verdict == .block { return .blocked }
        if case .limited(let wait) = try state.bucket.take(now: now) { return .rateLimited(retryAfterMs: wait) }
        try configuration.rules(event)
        state.sequence += 1
        let sequence = state.sequence
        do {
            try await sink.publish([event])
        } catch is SinkOverloaded {
            return .overloaded
        } catch {
            return .unavailable(reason: "\(error)")
        }
        return .accepted(sequence: sequence)
    }

    /// Step 6: a verdict changes the limit (a throttle gets a bucket of its own) or blocks.
    func apply(_ verdict: ModerationVerdict.Action, now: Int64) throws {
        state.verdict = verdict
        state.bucket = try Bucket(UserActor.limit(for: verdict, normal: configuration.rateLimit), now: now)
    }

    static func limit(for verdict: ModerationVerdict.Action, normal: RateLimit) -> RateLimit {
        if case .throttle(let limit) = verdict { return limit }
        return normal
    }
}
