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
    /// Actors taken out of `actors` while passivation reads their state. A
    /// request that comes meanwhile takes its user's actor back from here,
    /// so no state is read twice or missed.
    private var retiring: [Int64: UserActor] = [:]
    /// Verdicts, also for users with no actor now.
    private var verdicts: [Int64: ModerationVerdict.Action] = [:]
    private var restartCount = 0

    init(_ configuration: UserDirectoryConfiguration, sink: any EventSink) {
        self.configuration = configuration
        self.sink = sink
    }

    func submit(_ events: [ChirpEvent], now: Int64) async throws -> [Submission] {
        // Each user's events, in order, to that user's actor.
        var users: [Int64] = []
        var positions: [Int64: [Int]] = [:]
        for (position, event) in events.enumerated() {
            if positions[event.user] == nil { users.append(event.user) }
            positions[event.user, default: []].append(position)
        }
        var answers = [Submission](repeating: .failed(reason: "not handled"), count: events.count)
        for user in users {
            let mine = positions[user]!
            for (position, answer) in zip(mine, try await deliver(mine.map { events[$0] }, of: user, now: now)) {
                answers[position] = answer
            }
        }
        // One publish of everything the actors let through; 2xx only after it.
        let accepted = answers.indices.filter { if case .accepted = answers[$0] { true } else { false } }
        guard !accepted.isEmpty else { return answers }
        do {
            try await sink.publish(accepted.map { events[$0] })
        } catch {
            let failure: Submission = error is SinkOverloaded ? .overloaded : .unavailable(reason: "\(error)")
            for position in accepted { answers[position] = failure }
        }
        return answers
    }

    /// One user's events to that user's actor, under supervision (step 5).
    private func deliver(_ events: [ChirpEvent], of user: Int64, now: Int64) async throws -> [Submission] {
        while true {
            let actor = try actor(for: user, now: now)
            inFlight[user, default: 0] += 1
            defer { inFlight[user] = inFlight[user] == 1 ? nil : inFlight[user]! - 1 }
            do {
                return try await actor.take(events, now: now)
            } catch {
                // The actor failed and stopped: its state is final, so a new actor made
                // from it misses nothing. The first request to get here replaces it (no
                // await between the === check and the swap, so only one does).
                let state = await actor.state
                if actors[user] === actor {
                    actors[user] = UserActor(user: user, state: state, configuration: configuration)
                    restartCount += 1
                }
                // Events that reached it after it stopped are not at fault: to the new actor.
                if error is ActorStopped { continue }
                return events.map { _ in .failed(reason: "the actor of user \(user) failed and was restarted: \(error)") }
            }
        }
    }

    func passivateIdle(now: Int64) async throws -> Int {
        var stopped = 0
        for (user, actor) in actors where inFlight[user] == nil && actors[user] === actor {
            // Out of `actors` before the await: a request that comes while the state is read
            // takes this same actor back (`actor(for:)`), rather than a new one from an old state.
            actors[user] = nil
            retiring[user] = actor
            let state = await actor.state
            guard retiring[user] === actor else { continue }  // taken back: it lives on
            retiring[user] = nil
            if now - state.lastActive >= configuration.idleAfterMs {
                passivated[user] = state
                stopped += 1
            } else {
                actors[user] = actor
            }
        }
        return stopped
    }

    func moderate(_ verdict: ModerationVerdict, now: Int64) async throws {
        verdicts[verdict.user] = verdict.action == .allow ? nil : verdict.action
        try passivated[verdict.user]?.apply(verdict.action, normal: configuration.rateLimit, now: now)
        try await (actors[verdict.user] ?? retiring[verdict.user])?.apply(verdict.action, now: now)
    }

    func activeUsers() -> Int { actors.count }

    func restarts() -> Int { restartCount }

    /// The user's actor: the live one (or one being passivated, taken
    /// back), else one made from the passivated state, else a new one (under
    /// any verdict given before it existed).
    private func actor(for user: Int64, now: Int64) throws -> UserActor {
        if let actor = actors[user] { return actor }
        if let actor = retiring.removeValue(forKey: user) {
            actors[user] = actor
            return actor
        }
        var state = try passivated.removeValue(forKey: user) ?? UserState(bucket: Bucket(configuration.rateLimit, now: now), lastActive: now)
        if let verdict = verdicts[user], state.verdict != verdict {
            try state.apply(verdict, normal: configuration.rateLimit, now: now)
        }
        let actor = UserActor(user: user, state: state, configuration: configuration)
        actors[user] = actor
        return actor
    }
}
