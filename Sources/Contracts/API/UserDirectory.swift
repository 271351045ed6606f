/// How the user directory runs its actors.
public struct UserDirectoryConfiguration: Sendable {
    /// Each user's rate limit (unless moderation throttled the user).
    public var rateLimit: RateLimit
    /// A user actor that has handled nothing for this long (ms) is passivated
    /// by `passivateIdle`: stopped, its state kept for when the user returns.
    public var idleAfterMs: Int64
    /// The rules a user's actor applies to each event before publishing it.
    /// A throw is the actor failing (a bug, a broken invariant), not a
    /// rejection: the supervisor restarts the actor from its last state and
    /// the event is answered `.failed`. Tests inject failures here.
    public var rules: @Sendable (ChirpEvent) throws -> Void

    public init(rateLimit: RateLimit = RateLimit(eventsPerSecond: 100, burst: 200), idleAfterMs: Int64 = 60_000,
                rules: @escaping @Sendable (ChirpEvent) throws -> Void = { _ in }) {
        self.rateLimit = rateLimit
        self.idleAfterMs = idleAfterMs
        self.rules = rules
    }
}

/// What became of one submitted event.
public enum Submission: Equatable, Sendable {
    /// The log acknowledged it; `sequence` is its number among the user's
    /// events (1, 2, 3, … in the order the user's actor took them).
    case accepted(sequence: Int64)
    /// Over the user's rate limit (429 with Retry-After).
    case rateLimited(retryAfterMs: Int64)
    /// Moderation blocked the user (403).
    case blocked
    /// The bounded sink was full (503 with Retry-After): nothing was published.
    case overloaded
    /// The log failed to acknowledge it (503): it may or may not be in the log.
    case unavailable(reason: String)
    /// The user's actor failed on this event and was restarted (500).
    case failed(reason: String)
}

/// A moderation verdict, from the `moderation` topic (the streaming spam job).
public struct ModerationVerdict: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        /// Back to the normal rate limit.
        case allow
        /// A lower rate limit for this user.
        case throttle(RateLimit)
        /// Every event refused (403).
        case block
    }

    public var user: Int64
    public var action: Action

    public init(user: Int64, action: Action) {
        self.user = user
        self.action = action
    }
}

/// The directory of user actors: one actor per active user, created on
/// demand, supervised, passivated when idle (Akka's cluster sharding on one node).
public protocol UserDirectory: Sendable {
    /// Step 3: submits one request's `events` (of one user or many): each
    /// user's events go, in order, to that user's actor (made if there is
    /// none), which checks moderation and the rate limit and numbers them;
    /// then every event that passed is published in one call, and the
    /// answers (one per event, in order) come back once the sink has
    /// answered. Step 5: if an actor fails, restart it.
    func submit(_ events: [ChirpEvent], now: Int64) async throws -> [Submission]
    /// Step 3: stops the actors idle for `idleAfterMs` or longer at `now`
    /// (their state is kept); returns how many it stopped.
    func passivateIdle(now: Int64) async throws -> Int
    /// Step 6: applies a verdict to the user (live actor or not, and to actors made later).
    func moderate(_ verdict: ModerationVerdict, now: Int64) async throws
    /// The actors alive now.
    func activeUsers() async -> Int
    /// How many times the supervisor restarted a failed actor.
    func restarts() async -> Int
}

/// What a user's actor throws once it has failed (step 5): it is stopped, its
/// state is final, and what still reaches it belongs to its replacement.
/// Akka hands a restarted actor's mailbox to the new instance; here the
/// directory sends such events again, to the new actor.
public struct ActorStopped: Error, Equatable, CustomStringConvertible {
    public let user: Int64

    public init(user: Int64) { self.user = user }

    public var description: String { "the actor of user \(user) failed and stopped: its replacement takes these events" }
}

/// The answer to a directory that returned the wrong number of submissions.
public struct SubmissionCountMismatch: Error, CustomStringConvertible {
    public var submitted: Int
    public var answered: Int

    public init(submitted: Int, answered: Int) {
        self.submitted = submitted
        self.answered = answered
    }

    public var description: String { "submit was given \(submitted) events and returned \(answered) submissions (one per event, in order)" }
}

extension UserDirectory {
    /// Submits one event.
    public func submit(_ event: ChirpEvent, now: Int64) async throws -> Submission {
        let answers = try await submit([event], now: now)
        guard answers.count == 1 else { throw SubmissionCountMismatch(submitted: 1, answered: answers.count) }
        return answers[0]
    }
}
