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
/// while it awaits the log it takes the user's next message (reentrancy).
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

    /// The rules on every event first (a throw is this actor failing, before
    /// anything changed); then per event moderation, the rate limit and a
    /// sequence number; then one publish of the admitted events, and the
    /// answers once the log has answered.
    func handle(_ events: [ChirpEvent], now: Int64) async throws -> [Submission] {
        state.lastActive = max(state.lastActive, now)
        for event in events { try configuration.rules(event) }
        var answers: [Submission] = []
        answers.reserveCapacity(events.count)
        var admitted: [ChirpEvent] = []
        for event in events {
            if state.verdict == .block {
                answers.append(.blocked)
            } else if case .limited(let wait) = try state.bucket.take(now: now) {
                answers.append(.rateLimited(retryAfterMs: wait))
            } else {
                state.sequence += 1
                answers.append(.accepted(sequence: state.sequence))
                admitted.append(event)
            }
        }
        guard !admitted.isEmpty else { return answers }
        let failure: Submission?
        do {
            try await sink.publish(admitted)
            failure = nil
        } catch is SinkOverloaded {
            failure = .overloaded
        } catch {
            failure = .unavailable(reason: "\(error)")
        }
        if let failure {
            for (index, answer) in answers.enumerated() where { if case .accepted = answer { true } else { false } }() {
                answers[index] = failure
            }
        }
        return answers
    }

    /// Step 6: a verdict changes the limit (a throttle gets a bucket of its own) or blocks.
    func apply(_ verdict: ModerationVerdict.Action, now: Int64) throws {
        state.verdict = verdict
        state.bucket = try Bucket(UserActor.limit(for: verdict, normal: configuration.rateLimit), now: now)
    }

    /// The rate limit under `verdict`: a throttle's own, else the normal one.
    static func limit(for verdict: ModerationVerdict.Action, normal: RateLimit) -> RateLimit {
        if case .throttle(let limit) = verdict { return limit }
        return normal
    }
}
