import Contracts
import LabKit

extension SchedulerSuite {
    /// Step 2: the offer book.
    static let offersStep = Step<any SchedulerLab>(
        2, "Offers: outstanding, accepted, declined with a filter, rescinded",
        file: "Labs/Scheduler/Offers.swift", function: "Offers: offer, accept, decline, expire, rescind, isFiltered, revive",
        hints: [
            "offer: made += 1, build Offer(id: \"\\(configuration.idPrefix)-O\\(made)\", …, offeredAt: now), append it to offers, return it.",
            "accept: first check every id (found in offers? not already taken in this call? made to this framework? on the same agent as the others?) and throw the OfferError before changing anything; only then remove them all. That is what makes it all-or-none.",
            "decline: the framework's offers among the ids come out (others are ignored); for each, filters[AgentFilter(frameworkID:agentID:)] = now + refuseSeconds × 1000 (only when that is later than now). isFiltered: now < that time.",
            "expire and both rescinds take the offers matching a condition out, oldest first: one private helper does for all three. rescind(frameworkID:) and revive also drop the framework's filters (filters = filters.filter { … }).",
        ],
        reading: "Labs/Scheduler/README.md#step-2-offers-outstanding-accepted-declined-with-a-filter-rescinded"
    ) { lab, _ in
        var book = try attempt("makeOfferBook") { try lab.makeOfferBook(OfferBookConfiguration(offerTimeoutMs: 1_000, idPrefix: "m1")) }
        let one = try attempt("offer") { try book.offer(r("cpus:2;mem:1024"), on: "a1", to: "fw-a", now: 0) }
        try expectEqual(one, Offer(id: "m1-O1", frameworkID: "fw-a", agentID: "a1", resources: r("cpus:2;mem:1024"), offeredAt: 0),
                        "the first offer(cpus:2;mem:1024, on: a1, to: fw-a, now: 0)")
        let two = try book.offer(r("cpus:1"), on: "a2", to: "fw-a", now: 500)
        try expectEqual(two.id, "m1-O2", "the second offer's id")
        let three = try book.offer(r("cpus:4"), on: "a1", to: "fw-b", now: 600)
        try expectEqual(book.outstanding.map(\.id), ["m1-O1", "m1-O2", "m1-O3"], "outstanding (ids) after three offers")

        // ACCEPT: all or none.
        try expect(try expectError("accept([m1-O1, m1-O2]) by fw-a") { try book.accept(["m1-O1", "m1-O2"], by: "fw-a", now: 700) } as? OfferError == .differentAgents,
                   "accept([m1-O1, m1-O2]) (agents a1 and a2) should throw OfferError.differentAgents")
        try expect(try expectError("accept([m1-O3]) by fw-a") { try book.accept(["m1-O3"], by: "fw-a", now: 700) } as? OfferError == .notYours("m1-O3"),
                   "accept([m1-O3]) by fw-a (offered to fw-b) should throw OfferError.notYours(\"m1-O3\")")
        try expect(try expectError("accept([m1-O1, m1-O9]) by fw-a") { try book.accept(["m1-O1", "m1-O9"], by: "fw-a", now: 700) } as? OfferError == .unknownOffer("m1-O9"),
                   "accept([m1-O1, m1-O9]) should throw OfferError.unknownOffer(\"m1-O9\")")
        try expect(try expectError("accept([m1-O1, m1-O1]) by fw-a") { try book.accept(["m1-O1", "m1-O1"], by: "fw-a", now: 700) } as? OfferError == .unknownOffer("m1-O1"),
                   "accept([m1-O1, m1-O1]) should throw OfferError.unknownOffer(\"m1-O1\"): an offer is used once, and taking it twice would hand the framework its resources twice (Mesos refuses a duplicate offer id)")
        try expectEqual(book.outstanding.map(\.id), ["m1-O1", "m1-O2", "m1-O3"], "outstanding after four refused accepts (all or none: nothing taken)")
        try expectEqual(try book.accept(["m1-O1"], by: "fw-a", now: 700), [one], "accept([m1-O1]) by fw-a")
        try expectEqual(book.outstanding.map(\.id), ["m1-O2", "m1-O3"], "outstanding after accepting m1-O1")
        try expect(try expectError("accept([m1-O1]) again") { try book.accept(["m1-O1"], by: "fw-a", now: 700) } as? OfferError == .unknownOffer("m1-O1"),
                   "accepting m1-O1 a second time should throw OfferError.unknownOffer(\"m1-O1\")")

        // DECLINE with a filter.
        try expectEqual(try attempt("decline") { try book.decline(["m1-O3", "m1-O2"], by: "fw-b", refuseSeconds: 5, now: 1_000) }, [three],
                        "decline([m1-O3, m1-O2], by: fw-b) (m1-O2 is fw-a's: ignored)")
        try expectEqual(try book.isFiltered(frameworkID: "fw-b", agentID: "a1", now: 1_000), true, "isFiltered(fw-b, a1, now: 1000) right after declining for 5 s")
        try expectEqual(try book.isFiltered(frameworkID: "fw-b", agentID: "a1", now: 5_999), true, "isFiltered(fw-b, a1, now: 5999)")
        try expectEqual(try book.isFiltered(frameworkID: "fw-b", agentID: "a1", now: 6_000), false, "isFiltered(fw-b, a1, now: 6000) (5 s are over)")
        try expectEqual(try book.isFiltered(frameworkID: "fw-a", agentID: "a1", now: 1_000), false, "isFiltered(fw-a, a1) (fw-b declined, not fw-a)")
        try expectEqual(try book.isFiltered(frameworkID: "fw-b", agentID: "a2", now: 1_000), false, "isFiltered(fw-b, a2) (fw-b declined on a1 only)")
        let four = try book.offer(r("mem:64"), on: "a3", to: "fw-b", now: 1_000)
        _ = try book.decline([four.id], by: "fw-b", refuseSeconds: 0, now: 1_000)
        try expectEqual(try book.isFiltered(frameworkID: "fw-b", agentID: "a3", now: 1_000), false, "isFiltered after a decline with refuseSeconds 0")
        let five = try book.offer(r("mem:64"), on: "a3", to: "fw-c", now: 1_000)
        _ = try book.decline([five.id], by: "fw-c", refuseSeconds: 60, now: 1_000)
        try book.revive(frameworkID: "fw-b")
        try expectEqual(try book.isFiltered(frameworkID: "fw-b", agentID: "a1", now: 1_000), false, "isFiltered(fw-b, a1) after revive(fw-b)")
        try expectEqual(try book.isFiltered(frameworkID: "fw-c", agentID: "a3", now: 1_000), true,
                        "isFiltered(fw-c, a3) after revive(fw-b) (fw-c's filter stays: revive drops only that framework's)")

        // Rescinds.
        try expectEqual(try attempt("expire") { try book.expire(now: 1_499) }, [], "expire(now: 1499) (m1-O2 was made at 500, the timeout is 1000)")
        try expectEqual(try book.expire(now: 1_500), [two], "expire(now: 1500)")
        let a = try book.offer(r("cpus:1"), on: "a1", to: "fw-a", now: 2_000)
        let b = try book.offer(r("cpus:1"), on: "a2", to: "fw-a", now: 2_000)
        let c = try book.offer(r("cpus:1"), on: "a1", to: "fw-b", now: 2_000)
        try expectEqual(try attempt("rescind(agentID:)") { try book.rescind(agentID: "a1") }, [a, c], "rescind(agentID: a1)")
        _ = try book.decline([b.id], by: "fw-a", refuseSeconds: 60, now: 2_000)
        let d = try book.offer(r("cpus:1"), on: "a3", to: "fw-a", now: 2_000)
        try expectEqual(try attempt("rescind(frameworkID:)") { try book.rescind(frameworkID: "fw-a") }, [d], "rescind(frameworkID: fw-a)")
        try expectEqual(try book.isFiltered(frameworkID: "fw-a", agentID: "a2", now: 2_001), false, "isFiltered(fw-a, a2) after rescind(frameworkID: fw-a) (its filters go too)")
        try expectEqual(try book.isFiltered(frameworkID: "fw-c", agentID: "a3", now: 2_001), true,
                        "isFiltered(fw-c, a3) after rescind(frameworkID: fw-a) (other frameworks' filters stay)")
        try expectEqual(book.outstanding, [], "outstanding at the end")
    }
}
