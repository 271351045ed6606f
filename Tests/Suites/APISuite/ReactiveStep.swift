import Contracts
import LabKit

extension APISuite {
    /// Step 6: moderation verdicts and notifications.
    static let reactiveStep = Step<any APILab>(
        6, "The reactive loop: moderation and notifications",
        file: "Labs/API/UserDirectory.swift, Labs/API/UserActor.swift, Labs/API/NotificationHub.swift",
        function: "Directory.moderate(_:now:), UserActor.apply(_:now:), Hub.subscribe(user:), Hub.publish(_:)",
        hints: [
            "moderate: remember the verdict in `verdicts` (remove it on .allow) so actors made later start under it; update a passivated user's state; and tell the live actor, if any (await actor.apply(…)). UserState.apply(_:normal:now:) (given) sets the verdict and a fresh bucket at its limit: use it for a passivated user's state and in UserActor.apply.",
            "In UserActor.take, after the rules, a blocked user's event is .blocked before the bucket is asked (no token taken, not published).",
            "Hub.subscribe: AsyncStream.makeStream(of: ChirpNotification.self, bufferingPolicy: .bufferingNewest(bufferSize)); keep the continuation under the user and a fresh id; set continuation.onTermination to remove it (Task { await self.unsubscribe(…) }: onTermination is not on the actor). Return the stream.",
            "Hub.publish: yield to each continuation of the notification's user and return how many there were. yield never waits: a full buffer drops the oldest.",
        ],
        reading: "Labs/API/README.md#step-6-the-reactive-loop-moderation-and-notifications"
    ) { lab, _ in
        let sink = RecordingSink()
        let directory = try lab.makeUserDirectory(UserDirectoryConfiguration(rateLimit: RateLimit(eventsPerSecond: 100, burst: 100)), sink: sink)
        try await attemptAsync("moderate(block user 1)") { try await directory.moderate(ModerationVerdict(user: 1, action: .block), now: 0) }
        try expectEqual(try await directory.submit(post(1, 1), now: 0), .blocked, "submit of a user blocked before it had an actor")
        _ = try await directory.submit(post(2, 1), now: 0)
        try await directory.moderate(ModerationVerdict(user: 2, action: .block), now: 0)
        try expectEqual(try await directory.submit(post(2, 2), now: 0), .blocked, "submit of a user blocked while its actor was live")
        let many = try await directory.submit((10...159).map { post(2, $0) }, now: 0)
        try expect(many.allSatisfy { $0 == .blocked },
                   "submit of 150 events of a blocked user (burst 100) answered \(Set(many.map { "\($0)" }).sorted()): every one is .blocked, and a blocked event takes no token from the bucket")
        try await directory.moderate(ModerationVerdict(user: 2, action: .allow), now: 0)
        try expectEqual(try await directory.submit(post(2, 3), now: 0), .accepted(sequence: 2), "submit after .allow lifted the block")
        try expect(await !sink.events.contains { $0.user == 1 || $0.id == "e-2-2" }, "a blocked user's event reached the sink")

        try await directory.moderate(ModerationVerdict(user: 3, action: .throttle(RateLimit(eventsPerSecond: 1, burst: 1))), now: 0)
        try expectEqual(try await directory.submit(post(3, 1), now: 0), .accepted(sequence: 1), "a throttled user's (1/s, burst 1) first event")
        try expectEqual(try await directory.submit(post(3, 2), now: 500), .rateLimited(retryAfterMs: 500), "a throttled user's (1/s, burst 1) second event 500 ms later")
        // A throttle on a user whose actor is live: its bucket changes at once.
        _ = try await directory.submit(post(5, 1), now: 0)
        try await directory.moderate(ModerationVerdict(user: 5, action: .throttle(RateLimit(eventsPerSecond: 1, burst: 1))), now: 0)
        try expectEqual(try await directory.submit([post(5, 2), post(5, 3)], now: 0), [.accepted(sequence: 2), .rateLimited(retryAfterMs: 1_000)],
                        "two events of a user throttled to 1/s, burst 1, while its actor was live (UserActor.apply must give it the throttle's bucket)")
        // .allow lifts a block given before the user ever posted.
        try await directory.moderate(ModerationVerdict(user: 6, action: .block), now: 0)
        try await directory.moderate(ModerationVerdict(user: 6, action: .allow), now: 0)
        try expectEqual(try await directory.submit(post(6, 1), now: 0), .accepted(sequence: 1),
                        "the first event of a user blocked, then allowed, before it ever posted (.allow removes the verdict from `verdicts`)")
        _ = try await directory.submit(post(4, 1), now: 0)
        _ = try await directory.passivateIdle(now: 120_000)
        try await directory.moderate(ModerationVerdict(user: 4, action: .block), now: 120_000)
        try expectEqual(try await directory.submit(post(4, 2), now: 120_000), .blocked, "submit of a user blocked while passivated")

        // Notifications.
        let hub = try attempt("makeNotificationHub(bufferSize: 2)") { try lab.makeNotificationHub(bufferSize: 2) }
        let a = try await attemptAsync("subscribe(user: 1)") { try await hub.subscribe(user: 1) }
        let b = try await hub.subscribe(user: 1)
        let c = try await hub.subscribe(user: 2)
        try expectEqual(await hub.subscribers(of: 1), 2, "subscribers(of: 1) after two subscriptions")
        let note = ChirpNotification(user: 1, kind: "mention", text: "@user1 you were mentioned", ts: 5)
        try expectEqual(try await attemptAsync("publish") { try await hub.publish(note) }, 2, "publish of a notification for user 1 (two subscribers)")
        try expectEqual(try await hub.publish(ChirpNotification(user: 9, kind: "mention", text: "nobody", ts: 6)), 0, "publish for a user with no subscriber")
        var ia = a.makeAsyncIterator(), ib = b.makeAsyncIterator()
        try expectEqual(await ia.next(), note, "the first subscriber of user 1, its next notification")
        try expectEqual(await ib.next(), note, "the second subscriber of user 1, its next notification")
        for n in 1...5 { try await hub.publish(ChirpNotification(user: 2, kind: "trending", text: "#\(n)", ts: Int64(n))) }
        var ic = c.makeAsyncIterator()
        let first = await ic.next(), second = await ic.next()
        try expectEqual([first?.text, second?.text], ["#4", "#5"], "what a subscriber reads after 5 notifications were published to it unread with bufferSize 2 (the newest two)")

        let d = try await hub.subscribe(user: 3)
        let reader = Task { for await _ in d {} }
        try await eventually("subscribers(of: 3) never reached 1") { await hub.subscribers(of: 3) == 1 }
        reader.cancel()
        await reader.value  // the reader saw its stream end
        try await eventually("subscribers(of: 3) is still 1 after its reader went away: remove a subscription in the continuation's onTermination") {
            await hub.subscribers(of: 3) == 0
        }
        _ = (ia, ib)
    }
}
