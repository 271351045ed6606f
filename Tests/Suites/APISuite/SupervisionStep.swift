import Contracts
import LabKit

extension APISuite {
    /// Step 5: supervision and backoff.
    static let supervisionStep = Step<any APILab>(
        5, "Supervision and backoff",
        file: "Labs/API/Backoff.swift, Labs/API/UserActor.swift, Labs/API/UserDirectory.swift",
        function: "Backoff.delay(attempt:_:random:), UserActor.take(_:now:), Directory.submit(_:now:)",
        hints: [
            "Backoff: minBackoff × 2^(attempt − 1), at most maxBackoff, then × (1 + random × randomFactor). Duration multiplies by an Int64 and by a Double. Cap the exponent (attempt 200 must not overflow).",
            "In UserActor.take, first call configuration.rules(event) on every event, before anything changes: a throw there is the actor failing, and no token or number may be used up. Catch it to set stopped = true, then rethrow; at the top of take, a stopped actor throws ActorStopped(user: user).",
            "Directory.submit: wrap `try await actor.take(…)` in do/catch, in a loop. On an error, first read the failed actor's state (let state = await actor.state); then, if actors[user] is still that actor (=== , another failure may have replaced it already), put a new UserActor made from that state in its place and count the restart; no await between the check and the swap. If the error is ActorStopped, go round the loop: the new actor takes these events. Otherwise answer .failed(reason:) for them.",
        ],
        reading: "Labs/API/README.md#step-5-supervision-and-backoff"
    ) { lab, _ in
        let policy = BackoffPolicy(minBackoff: .milliseconds(100), maxBackoff: .seconds(2), randomFactor: 0.2)
        func delay(_ number: Int, random: Double = 0) throws -> Duration {
            try attempt("backoff(attempt: \(number), min 100 ms, max 2 s, randomFactor 0.2, random: \(random))") {
                try lab.backoff(attempt: number, policy, random: random)
            }
        }
        func expectClose(_ actual: Duration, _ expected: Duration, _ call: String) throws {
            let gap = actual > expected ? actual - expected : expected - actual
            try expect(gap < .microseconds(1), "\(call) returned \(actual), expected \(expected)")
        }
        try expectClose(try delay(1), .milliseconds(100), "backoff(attempt: 1, random: 0)")
        try expectClose(try delay(2), .milliseconds(200), "backoff(attempt: 2, random: 0)")
        try expectClose(try delay(5), .milliseconds(1_600), "backoff(attempt: 5, random: 0)")
        try expectClose(try delay(6), .seconds(2), "backoff(attempt: 6, random: 0) (capped at maxBackoff)")
        try expectClose(try delay(200), .seconds(2), "backoff(attempt: 200, random: 0) (no overflow)")
        try expectClose(try delay(1, random: 0.5), .milliseconds(110), "backoff(attempt: 1, random: 0.5): 10 % longer")
        try expectClose(try delay(7, random: 1), .milliseconds(2_400), "backoff(attempt: 7, random: 1): the cap, 20 % longer")

        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let sink = RecordingSink()
        let config = UserDirectoryConfiguration(rules: { event in if event.text?.contains("boom") == true { throw Boom() } })
        let directory = try lab.makeUserDirectory(config, sink: sink)
        for n in 1...3 { _ = try await directory.submit(post(1, n), now: 0) }
        _ = try await directory.submit(post(2, 1), now: 0)
        let crash = try await attemptAsync("submit of an event the rules throw on") { try await directory.submit(post(1, 4, text: "boom"), now: 0) }
        guard case .failed = crash else {
            throw CheckFailure("submit of an event on which the user's actor fails (its rules throw) returned \(show(crash)), expected .failed(reason:)")
        }
        try expectEqual(await directory.restarts(), 1, "restarts() after one actor failure")
        try expect(await !sink.events.contains { $0.id == "e-1-4" }, "the event the actor failed on reached the sink")
        try expectEqual(try await directory.submit(post(1, 5), now: 0), .accepted(sequence: 4),
                        "user 1's next event after the restart (the new actor starts from the old one's state: sequence 3, so this is 4)")
        try expectEqual(try await directory.submit(post(2, 2), now: 0), .accepted(sequence: 2), "user 2's next event (another user is not affected)")
        for n in 6...8 { _ = try await directory.submit(post(1, n, text: "boom \(n)"), now: 0) }
        try expectEqual(await directory.restarts(), 4, "restarts() after 4 failures")
        try expectEqual(try await directory.submit(post(1, 9), now: 0), .accepted(sequence: 5), "user 1's event after 4 restarts")
        let mixed = try await directory.submit([post(1, 10), post(1, 11, text: "boom"), post(1, 12)], now: 0)
        try expect(mixed.count == 3 && mixed.allSatisfy { if case .failed = $0 { true } else { false } },
                   "submit of 3 events of which the rules throw on the second returned \(show(mixed)), expected .failed for all three (the actor failed on the message)")
        try expect(await !sink.events.contains { $0.id == "e-1-10" }, "an event of a request the actor failed on reached the sink")
        try expectEqual(try await directory.submit(post(1, 13), now: 0), .accepted(sequence: 6), "user 1's next event (the failed request used up no numbers)")
        try expectEqual(await directory.activeUsers(), 2, "activeUsers() after the restarts (one actor per user, the failed ones replaced)")

        // Failures while requests keep coming: every accepted event of a user gets its own number.
        // The failed actor must stop, or requests that got it before the swap are numbered by it
        // after its state was read, and the new actor gives their numbers again.
        for round in 0..<12 {
            let user = Int64(100 + round)
            let (accepted, failed) = try await withThrowingTaskGroup(of: ([Int64], Int).self) { group in
                for sender in 0..<20 {
                    group.addTask {
                        var mine: [Int64] = []
                        var failed = 0
                        for n in 0..<20 {
                            let fail = (sender * 20 + n) % 10 == 3
                            let answer = try await directory.submit(post(user, sender * 20 + n, text: fail ? "boom" : "hello"), now: 0)
                            if case .accepted(let sequence) = answer { mine.append(sequence) }
                            if case .failed = answer { failed += 1 }
                        }
                        return (mine, failed)
                    }
                }
                return try await group.reduce(into: ([Int64](), 0)) { $0.0 += $1.0; $0.1 += $1.1 }
            }
            let repeated = givenTwice(accepted)
            try expect(repeated.isEmpty, """
                20 senders of user \(user) at once, one event in ten failing its actor: sequence numbers \
                \(repeated.prefix(5)) were given twice. Requests that got the old actor before the swap went on \
                being numbered by it after the directory read its state. A failed actor must stop: set stopped, \
                throw ActorStopped(user:) from then on without changing anything, and let the directory send \
                those events to the new actor.
                """)
            try expect(failed == 40, """
                20 senders of user \(user) at once, 40 of their 400 events failing its actor: \(failed) were answered \
                .failed. Only the events the rules throw on fail; one that reached the old actor after it stopped \
                (ActorStopped) goes to the new actor instead.
                """)
        }
    }
}
