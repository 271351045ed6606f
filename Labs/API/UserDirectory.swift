import Contracts

/// Steps 3, 5 and 6: the actor per active user, made on demand, restarted
/// when it fails, passivated when idle, told of moderation verdicts; and
/// the one publish per request of what the actors let through. An actor
/// too: while one request awaits the log, it serves the next (reentrancy).
actor Directory: UserDirectory {
    private let configuration: UserDirectoryConfiguration
    private let sink: any EventSink
    private var actors: [Int64: UserActor] = [:]
    /// The state of passivated users, for when they come back.
    private var passivated: [Int64: UserState] = [:]
    /// Requests awaiting each user's actor now: such an actor is not idle.
    private var inFlight: [Int64: Int] = [:]
    /// Actors taken out of `actors` while passivation reads their state; a
    /// request that comes meanwhile takes its user's actor back from here.
    private var retiring: [Int64: UserActor] = [:]
    /// Verdicts, also for users with no actor now.
    private var verdicts: [Int64: ModerationVerdict.Action] = [:]
    private var restartCount = 0

    init(_ configuration: UserDirectoryConfiguration, sink: any EventSink) {
        self.configuration = configuration
        self.sink = sink
    }

    /// Step 3: each user's events to that user's actor (made on demand),
    /// then one publish of the accepted ones; the answers in the events'
    /// order. Step 4: SinkOverloaded is `.overloaded`. Step 5: if an actor
    /// throws, read its state, then (if `actors` still holds it) replace it with
    /// a new one from that state; events it refused with `ActorStopped` go to
    /// the new actor, the others are `.failed`.
    func submit(_ events: [ChirpEvent], now: Int64) async throws -> [Submission] {
        // A new user's state: UserState(bucket: try Bucket(configuration.rateLimit, now: now), lastActive: now)
        throw NotImplemented(step: 3)
    }

    /// Step 3: stop the actors idle for `configuration.idleAfterMs`, keeping
    /// their state. Reading an actor's state is an `await`: a request for
    /// that user may come meanwhile (see the handout on reentrancy).
    func passivateIdle(now: Int64) async throws -> Int {
        throw NotImplemented(step: 3)
    }

    /// Step 6: remember the verdict, and tell the user's state or live actor.
    func moderate(_ verdict: ModerationVerdict, now: Int64) async throws {
        throw NotImplemented(step: 6)
    }

    func activeUsers() -> Int { actors.count }

    func restarts() -> Int { restartCount }
}
