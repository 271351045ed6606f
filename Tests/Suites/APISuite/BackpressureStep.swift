import Contracts
import LabKit

extension APISuite {
    /// Step 4: bounded in-flight work.
    static let backpressureStep = Step<any APILab>(
        4, "Backpressure: bounded in-flight events",
        file: "Labs/API/BoundedSink.swift, Labs/API/UserDirectory.swift", function: "BoundedSink.publish(_:), Directory.submit(_:now:) (SinkOverloaded is .overloaded)",
        hints: [
            "BoundedSink is an actor holding one number, inFlight. publish: if inFlight + events.count > maxInFlight, throw SinkOverloaded(inFlight:maxInFlight:) at once. Else add the count, await the wrapped sink, and subtract the count again whether it returned or threw (defer).",
            "Do not wait for room: a queue of waiting requests is exactly the unbounded memory this step removes. The client gets 503 with Retry-After and comes back later.",
            "Because an actor is reentrant, other publishes run while one awaits the wrapped sink: that is what lets maxInFlight events be in flight at once.",
            "In Directory.submit, a publish that throws SinkOverloaded makes the accepted answers .overloaded, not .unavailable.",
        ],
        reading: "Labs/API/README.md#step-4-backpressure-bounded-in-flight-events"
    ) { lab, _ in
        let fast = RecordingSink()
        let open = try attempt("makeBoundedSink(maxInFlight: 3)") { try lab.makeBoundedSink(fast, maxInFlight: 3) }
        try await attemptAsync("publish of 3 events through makeBoundedSink(maxInFlight: 3)") { try await open.publish([post(9, 1), post(9, 2), post(9, 3)]) }
        try expectEqual(await fast.events.map(\.id), ["e-9-1", "e-9-2", "e-9-3"], "the events the wrapped sink received")
        let slow = RecordingSink(holding: true)
        let bounded = try attempt("makeBoundedSink(maxInFlight: 3)") { try lab.makeBoundedSink(slow, maxInFlight: 3) }
        var tasks: [Task<Void, any Error>] = []
        let finished = Counter()
        for n in 1...3 {
            tasks.append(Task {
                try await bounded.publish([post(1, n)])
                await finished.add()
            })
        }
        try await eventually("3 publishes through makeBoundedSink(maxInFlight: 3) never all reached the wrapped sink") {
            await slow.waiting == 3
        }
        /// A publish that must be refused at once: it throws, or (wrongly) reaches the held log, which ends the check then and there.
        func refused(_ call: String, _ events: [ChirpEvent], waitingBefore: Int) async throws -> any Error {
            let outcome = PublishOutcome()
            Task {
                do {
                    try await bounded.publish(events)
                    await outcome.set(.returned)
                } catch {
                    await outcome.set(.threw(error))
                }
            }
            try await eventually("\(call) neither threw nor reached the log") {
                let ended = await outcome.value != nil
                let waiting = await slow.waiting
                return ended || waiting > waitingBefore
            }
            guard let result = await outcome.value else {
                await slow.releaseAll()
                throw CheckFailure("\(call) was not refused: it reached the log. Refuse when the events in flight plus this call's would pass maxInFlight (count events, not calls: inFlight + events.count > maxInFlight), and throw SinkOverloaded at once, without waiting")
            }
            guard case .threw(let error) = result else {
                throw CheckFailure("\(call) returned; expected it to throw SinkOverloaded")
            }
            return error
        }
        let error = try await refused("publish of a 4th event while 3 are in flight (maxInFlight: 3)", [post(1, 4)], waitingBefore: 3)
        try expect(error is SinkOverloaded, "publish of a 4th event while 3 are in flight threw \(error), expected SinkOverloaded")
        await slow.releaseOne()
        try await eventually("a publish whose wrapped publish returned never returned itself") { await finished.value == 1 }
        let batch = try await refused("publish of 2 events while 2 are in flight (maxInFlight: 3)", [post(2, 1), post(2, 2)], waitingBefore: 2)
        try expect(batch is SinkOverloaded, "publish of 2 events while 2 are in flight threw \(batch), expected SinkOverloaded")
        let fits = Task { try await bounded.publish([post(3, 1)]) }
        try await eventually("a publish that fits (2 in flight, max 3) never reached the wrapped sink") { await slow.waiting == 3 }
        await slow.releaseAll()
        for task in tasks + [fits] { try await task.value }
        try await attemptAsync("publish of 3 events once the log caught up") { try await bounded.publish([post(4, 1), post(4, 2), post(4, 3)]) }
        try expectEqual(await slow.calls, 5, "publishes that reached the wrapped sink (the refused ones must not)")

        // Failures free their room too.
        let broken = RecordingSink()
        await broken.fail(with: LogDown())
        let failing = try lab.makeBoundedSink(broken, maxInFlight: 1)
        for _ in 1...3 {
            let error = try await expectErrorAsync("publish to a failing log") { try await failing.publish([post(5, 1)]) }
            try expect(error is LogDown, "publish to a failing log threw \(error), expected the log's own error (a failed publish must give its room back)")
        }

        // Under load: never more than the bound at the log, the rest refused.
        let counting = RecordingSink(holding: true)
        let gate = try lab.makeBoundedSink(counting, maxInFlight: 50)
        let refused = Counter()
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 1...200 {
                group.addTask {
                    if (try? await gate.publish([post(6, n)])) != nil { return true }
                    await refused.add()
                    return false
                }
            }
            // Every publish is now either refused or held at the log.
            do {
                try await eventually("of 200 concurrent publishes with maxInFlight 50, some were neither refused nor held at the log") {
                    let settled = await refused.value
                    let held = await counting.waiting
                    return settled + held == 200
                }
            } catch {
                await counting.releaseAll()
                throw error
            }
            let most = await counting.mostWaiting
            await counting.releaseAll()
            try expect(most <= 50, "200 concurrent publishes with maxInFlight 50: \(most) reached the log at once. Check and count in one step, with no await in between (an actor runs other calls while one awaits: reentrancy)")
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        try expect(await counting.calls <= 200, "more publishes reached the log than were made")
        try expect(outcomes.filter { $0 }.count >= 50, "of 200 concurrent publishes with maxInFlight 50, only \(outcomes.filter { $0 }.count) succeeded")

        // The user actor answers .overloaded.
        let full = RecordingSink(holding: true)
        let directory = try lab.makeUserDirectory(UserDirectoryConfiguration(), sink: try lab.makeBoundedSink(full, maxInFlight: 1))
        let first = Task { try await directory.submit(post(7, 1), now: 0) }
        try await eventually("user 7's first event never reached the sink") { await full.waiting == 1 }
        try expectEqual(try await attemptAsync("submit") { try await directory.submit(post(8, 1), now: 0) }, .overloaded,
                        "submit while the bounded sink (maxInFlight: 1) is full")
        try expectEqual(try await directory.submit([post(9, 1), post(9, 2)], now: 0), [.overloaded, .overloaded],
                        "submit of 2 events while the bounded sink is full")
        await full.releaseAll()
        try expectEqual(try await first.value, .accepted(sequence: 1), "user 7's first event once the log acknowledged")
    }
}

/// How a publish ended.
actor PublishOutcome {
    enum Ended: Sendable {
        case returned
        case threw(any Error)
    }

    private(set) var value: Ended?
    func set(_ value: Ended) { self.value = value }
}
