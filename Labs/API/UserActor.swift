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

    /// Step 3: per event the rate limit and a sequence number, then one
    /// publish of the events that passed, and one answer per event once the
    /// log answered. Step 4: SinkOverloaded is `.overloaded`. Step 5: first
    /// apply `configuration.rules` to every event (a throw is this actor
    /// failing). Step 6: a blocked user's events are `.blocked`.
    func handle(_ events: [ChirpEvent], now: Int64) async throws -> [Submission] {
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
