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
            let actor = try actor(for: user, now: now)
            do {
                for (position, answer) in zip(mine, try await actor.take(mine.map { events[$0] }, now: now)) {
                    answers[position] = answer
                }
            } catch {
                // Supervision (step 5): the actor failed. Replace it (if no other
                // failure already did) with a new one from its last state; these
                // events are answered as failed, the user's next ones go to the new actor.
                if actors[user] === actor {
                    actors[user] = UserActor(user: user, state: await actor.state, configuration: configuration)
                    restartCount += 1
                }
                for position in mine { answers[position] = .failed(reason: "the actor of user \(user) failed and was restarted: \(error)") }
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

    func passivateIdle(now: Int64) async throws -> Int {
        var stopped = 0
        for (user, actor) in actors {
            let state = await actor.state
            guard now - state.lastActive >= configuration.idleAfterMs, actors[user] === actor else { continue }
            actors[user] = nil
            passivated[user] = state
            stopped += 1
        }
        return stopped
    }

    func moderate(_ verdict: ModerationVerdict, now: Int64) async throws {
        verdicts[verdict.user] = verdict.action == .allow ? nil : verdict.action
        try passivated[verdict.user]?.apply(verdict.action, normal: configuration.rateLimit, now: now)
        try await actors[verdict.user]?.apply(verdict.action, now: now)
    }

    func activeUsers() -> Int { actors.count }

    func restarts() -> Int { restartCount }

    /// The user's actor: the live one, else one made from the passivated
    /// state, else a new one (under any verdict given before it existed).
    private func actor(for user: Int64, now: Int64) throws -> UserActor {
        if let actor = actors[user] { return actor }
        var state = try passivated.removeValue(forKey: user) ?? UserState(bucket: Bucket(configuration.rateLimit, now: now), lastActive: now)
        if let verdict = verdicts[user], state.verdict != verdict {
            try state.apply(verdict, normal: configuration.rateLimit, now: now)
        }
        let actor = UserActor(user: user, state: state, configuration: configuration)
        actors[user] = actor
        return actor
    }
}
