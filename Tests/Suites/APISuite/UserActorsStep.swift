import Contracts
import LabKit

extension APISuite {
    /// Step 3: an actor per active user.
    static let userActorsStep = Step<any APILab>(
        3, "An actor per user",
        file: "Labs/API/UserActor.swift, Labs/API/UserDirectory.swift",
        function: "UserActor.take(_:now:), Directory.submit(_:now:), Directory.passivateIdle(now:)",
        hints: [
            "UserActor.take: note lastActive; for each event take a token from state.bucket (.limited(retryAfterMs:) → .rateLimited(retryAfterMs:)) or add 1 to state.sequence and answer .accepted(sequence: state.sequence). No awaits: the actor decides, the directory publishes.",
            "Directory.submit: group the events' positions by user, keeping their order. For each user, find the actor in `actors` or make one (from the state in `passivated` if the user was passivated, else UserState(bucket: try Bucket(configuration.rateLimit, now: now), lastActive: now)) and store it; `try await actor.take(theirEvents, now: now)`; put each answer at its event's position.",
            "Then one `try await sink.publish(acceptedEvents)` (skip it if none) and return the answers only after it returns: the client hears 2xx only once the log has the event. If the publish throws, every .accepted answer becomes .unavailable(reason:).",
            "The directory is an actor: while one request awaits the log, the next one runs (reentrancy). Number events inside the user's actor, never across an await: concurrent requests of one user must still get 1, 2, 3, … with none repeated.",
            "passivateIdle: for each actor with no request in flight (count them in submit, around the await of take), remove it from `actors` and put it in a `retiring` table first, then read its state (await actor.state). If submit took it back meanwhile (actor(for:) looks in `retiring` after `actors`), leave it; else if now − lastActive ≥ idleAfterMs keep the state in `passivated` and count it, or put the actor back in `actors`.",
        ],
        reading: "Labs/API/README.md#step-3-an-actor-per-user"
    ) { lab, _ in
        let sink = RecordingSink()
        let directory = try attempt("makeUserDirectory") {
            try lab.makeUserDirectory(UserDirectoryConfiguration(rateLimit: RateLimit(eventsPerSecond: 1_000, burst: 1_000), idleAfterMs: 1_000), sink: sink)
        }
        let t0: Int64 = 1_000_000
        for n in 1...5 {
            try expectEqual(try await attemptAsync("submit") { try await directory.submit(post(1, n), now: t0) }, .accepted(sequence: Int64(n)),
                            "submit of user 1's event \(n)")
        }
        for n in 1...3 {
            try expectEqual(try await directory.submit(post(2, n), now: t0), .accepted(sequence: Int64(n)), "submit of user 2's event \(n) (each user has a sequence of its own)")
        }
        let published = await sink.events
        try expectEqual(published.map(\.id), (1...5).map { "e-1-\($0)" } + (1...3).map { "e-2-\($0)" }, "the ids the sink received, in order")
        try expectEqual(await directory.activeUsers(), 2, "activeUsers() after events of users 1 and 2")

        // The rate limit, per user.
        let limited = try lab.makeUserDirectory(UserDirectoryConfiguration(rateLimit: RateLimit(eventsPerSecond: 1, burst: 2)), sink: sink)
        try expectEqual(try await limited.submit(post(3, 1), now: t0), .accepted(sequence: 1), "1/s burst 2: user 3's first event")
        try expectEqual(try await limited.submit(post(3, 2), now: t0), .accepted(sequence: 2), "1/s burst 2: user 3's second event")
        try expectEqual(try await limited.submit(post(3, 3), now: t0), .rateLimited(retryAfterMs: 1_000), "1/s burst 2: user 3's third event at the same instant")
        try expectEqual(try await limited.submit(post(4, 1), now: t0), .accepted(sequence: 1), "1/s burst 2: user 4's first event (another user's bucket is full)")
        try expectEqual(try await limited.submit(post(3, 4), now: t0 + 1_000), .accepted(sequence: 3), "user 3, one second later (a rate-limited event takes no sequence number)")
        try expect(await !sink.events.contains { $0.id == "e-3-3" }, "a rate-limited event reached the sink: nothing over the limit may be published")

        // One request of several events: one publish, one answer each.
        let calls = await sink.calls
        let answers = try await limited.submit([post(9, 1), post(9, 2), post(9, 3), post(9, 4)], now: t0)
        try expectEqual(answers, [.accepted(sequence: 1), .accepted(sequence: 2), .rateLimited(retryAfterMs: 1_000), .rateLimited(retryAfterMs: 1_000)],
                        "submit of 4 events of user 9 at once (1/s, burst 2)")
        try expectEqual(await sink.calls - calls, 1, "publishes to the sink for one submit of 4 events (publish the events that passed together)")
        try expectEqual(await Array(sink.events.suffix(2)).map(\.id), ["e-9-1", "e-9-2"], "the events the sink got from that submit")
        try expectEqual(try await limited.submit([], now: t0), [], "submit of no events")
        let mixedCalls = await sink.calls
        let mixed = try await limited.submit([post(10, 1), post(11, 1), post(10, 2)], now: t0)
        try expectEqual(mixed, [.accepted(sequence: 1), .accepted(sequence: 1), .accepted(sequence: 2)],
                        "submit of one request holding events of users 10, 11, 10 (answers in the events' order, each user numbered on its own)")
        try expectEqual(await sink.calls - mixedCalls, 1, "publishes to the sink for that request (one for all its accepted events)")
        try expectEqual(await Array(sink.events.suffix(3)).map(\.id), ["e-10-1", "e-11-1", "e-10-2"], "the events the sink got from that request, in order")

        // Concurrent events of one user: numbers 1...200, none twice.
        let busy = try lab.makeUserDirectory(UserDirectoryConfiguration(rateLimit: RateLimit(eventsPerSecond: 1_000, burst: 1_000)), sink: sink)
        let outcomes = try await withThrowingTaskGroup(of: Submission.self) { group in
            for n in 1...200 { group.addTask { try await busy.submit(post(5, n), now: t0) } }
            return try await group.reduce(into: [Submission]()) { $0.append($1) }
        }
        let sequences = outcomes.compactMap { outcome -> Int64? in if case .accepted(let s) = outcome { s } else { nil } }
        try expectEqual(sequences.sorted(), Array(1...200), "the sequence numbers of 200 concurrent events of user 5, sorted")

        // 2xx only after the log acknowledged; other users are not held up by a slow one.
        let slow = RecordingSink(holding: true)
        let gated = try lab.makeUserDirectory(UserDirectoryConfiguration(), sink: slow)
        let waiting = Task { try await gated.submit(post(6, 1), now: t0) }
        try await eventually("submit of user 6's event never called the sink's publish") { await slow.waiting == 1 }
        try expect(await slow.events.isEmpty, "the sink recorded the event before its publish returned")
        let other = Task { try await gated.submit(post(7, 1), now: t0) }
        try await eventually("user 7's event never reached the sink while user 6's was waiting for the log: does the directory await the log while serving everyone (an actor per user should not hold up the others)?") {
            await slow.waiting == 2
        }
        await slow.releaseAll()
        try expectEqual(try await waiting.value, .accepted(sequence: 1), "user 6's submit once the log acknowledged")
        try expectEqual(try await other.value, .accepted(sequence: 1), "user 7's submit")
        let broken = RecordingSink()
        await broken.fail(with: LogDown())
        let failing = try lab.makeUserDirectory(UserDirectoryConfiguration(), sink: broken)
        let outcome = try await failing.submit(post(8, 1), now: t0)
        guard case .unavailable = outcome else {
            throw CheckFailure("submit when the sink's publish throws returned \(show(outcome)), expected .unavailable(reason:)")
        }

        // Passivation: idle actors stop; their state (the sequence) stays.
        try expectEqual(try await attemptAsync("passivateIdle") { try await directory.passivateIdle(now: t0 + 999) }, 0,
                        "passivateIdle(now:) 999 ms after the last event (idleAfterMs is 1000)")
        try expectEqual(try await directory.submit(post(2, 4), now: t0 + 500), .accepted(sequence: 4), "user 2's fourth event, 500 ms later")
        try expectEqual(try await directory.passivateIdle(now: t0 + 1_000), 1, "passivateIdle(now:) 1000 ms after user 1's last event (user 2 was active 500 ms ago)")
        try expectEqual(await directory.activeUsers(), 1, "activeUsers() after passivating user 1")
        try expectEqual(try await directory.passivateIdle(now: t0 + 1_500), 1, "passivateIdle(now:) when user 2 has been idle 1000 ms")
        try expectEqual(await directory.activeUsers(), 0, "activeUsers() after passivating both")
        try expectEqual(try await directory.submit(post(1, 6), now: t0 + 2_000), .accepted(sequence: 6),
                        "user 1's sixth event after passivation (its state, the sequence, must survive: keep it in `passivated`)")
        try expectEqual(await directory.activeUsers(), 1, "activeUsers() after user 1 came back")

        // Passivation while a user's requests come in: no number is lost or given twice. (A race:
        // a wrong version fails some of the rounds, not all; a right one passes every time.)
        for round in 1...5 {
            let churning = try lab.makeUserDirectory(UserDirectoryConfiguration(rateLimit: RateLimit(eventsPerSecond: 1_000_000, burst: 1_000_000),
                                                                            idleAfterMs: 0), sink: RecordingSink())
            let numbers = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for n in 1...1_000 {
                    group.addTask {
                        guard case .accepted(let sequence) = try await churning.submit(post(3, n), now: t0) else { return nil }
                        return sequence
                    }
                    if n % 2 == 0 { group.addTask { _ = try await churning.passivateIdle(now: t0); return nil } }
                }
                return try await group.reduce(into: [Int64]()) { if let sequence = $1 { $0.append(sequence) } }
            }
            let repeated = givenTwice(numbers)
            try expect(numbers.count == 1_000 && repeated.isEmpty && Set(numbers) == Set(1...1_000),
                       "round \(round): 1000 events of one user, submitted while passivateIdle(now:) (idleAfterMs 0) ran again and again, got \(numbers.count) numbers\(repeated.isEmpty ? "" : ", \(repeated.count) given twice (e.g. \(repeated.prefix(5).map(String.init).joined(separator: ", ")))"); expected 1 to 1000 once each. While passivateIdle awaits an actor's state, a request can reach that actor: passivate only actors with no request in flight, and let a request that comes meanwhile take the same actor back")
        }
    }
}
