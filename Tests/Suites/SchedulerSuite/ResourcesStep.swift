import Contracts
import LabKit

extension SchedulerSuite {
    /// Step 1: resource arithmetic.
    static let resourcesStep = Step<any SchedulerLab>(
        1, "Resources: add, contain, subtract",
        file: "Labs/Scheduler/ResourceMath.swift", function: "ResourceMath.adding, contains, subtracting, coalesce",
        hints: [
            "Write coalesce first: drop empty ranges (end < begin), sort by begin, then walk them keeping a list; a range whose begin ≤ last.end + 1 extends the last one (end = max of both ends), any other starts a new one.",
            "adding: start from a; add each of b's scalars by name (scalars[name, default: 0] += value); for ranges, append b's list to a's and coalesce. Finish with normalizingScalars(), which rounds to three decimals and drops zeros.",
            "contains: every scalar of b no larger than a's (compare Resources.round of both; a missing one is 0). Every range of b must sit inside one range of coalesce(a's ranges): begin ≥ theirs and end ≤ theirs.",
            "subtracting: guard contains, else nil. Scalars: subtract by name. Ranges: for each of a's coalesced ranges, cut each of b's ranges out of it: a cut can leave nothing, one piece (left or right) or two pieces (left and right).",
        ],
        reading: "Labs/Scheduler/README.md#step-1-resources-add-contain-subtract"
    ) { lab, _ in
        try expectEqual(try attempt("coalesce via adding") { try lab.adding(r("ports:[5-6,1-3]"), r("ports:[4-4]")) }, r("ports:[1-6]"),
                        "adding(ports:[5-6,1-3], ports:[4-4]) (touching ranges merge: 1-3, 4-4, 5-6 is 1-6)")
        try expectEqual(try lab.adding(r("cpus:1;mem:512"), r("cpus:0.5;ports:[31000-31009]")),
                        r("cpus:1.5;mem:512;ports:[31000-31009]"), "adding(cpus:1;mem:512, cpus:0.5;ports:[31000-31009])")
        try expectEqual(try lab.adding(r("cpus:0.1"), r("cpus:0.2")), r("cpus:0.3"),
                        "adding(cpus:0.1, cpus:0.2) (normalizingScalars() keeps three decimals: exactly 0.3)")
        try expectEqual(try lab.adding(r("ports:[1-10,20-30]"), r("ports:[5-15,31-31,40-41]")), r("ports:[1-15,20-31,40-41]"),
                        "adding(ports:[1-10,20-30], ports:[5-15,31-31,40-41])")
        try expectEqual(try lab.adding(.none, .none), .none, "adding(none, none)")
        let withEmpty = Resources(ranges: ["ports": [ValueRange(9, 2), ValueRange(1, 3)]])
        try expectEqual(try lab.adding(withEmpty, r("ports:[5-5]")), r("ports:[1-3,5-5]"),
                        "adding(ports:[9-2,1-3], ports:[5-5]) (9-2 is an empty range, end < begin: coalesce drops it)")

        let agent = r("cpus:2;mem:1024;ports:[31000-31010]")
        try expectEqual(try attempt("contains") { try lab.contains(agent, r("cpus:1;ports:[31002-31003]")) }, true,
                        "contains(\(agent), cpus:1;ports:[31002-31003])")
        try expectEqual(try lab.contains(agent, r("cpus:2;mem:1024")), true, "contains(\(agent), cpus:2;mem:1024) (all of it)")
        try expectEqual(try lab.contains(agent, .none), true, "contains(\(agent), nothing)")
        try expectEqual(try lab.contains(agent, r("cpus:2.5")), false, "contains(\(agent), cpus:2.5)")
        try expectEqual(try lab.contains(r("ports:[1-3,7-9]"), r("ports:[2-8]")), false,
                        "contains(ports:[1-3,7-9], ports:[2-8]) (4, 5 and 6 are missing: each asked range must lie inside one held range)")
        try expectEqual(try lab.contains(agent, r("disk:1")), false, "contains(\(agent), disk:1) (the agent has no disk)")
        try expectEqual(try lab.contains(agent, r("ports:[31009-31011]")), false, "contains(\(agent), ports:[31009-31011]) (31011 is not there)")
        try expectEqual(try lab.contains(r("ports:[1-3,4-6]"), r("ports:[2-5]")), true,
                        "contains(ports:[1-3,4-6], ports:[2-5]) (1-3 and 4-6 together are 1-6)")
        try expectEqual(try lab.contains(r("cpus:0.3"), r("cpus:0.1;cpus:0.2")), true, "contains(cpus:0.3, cpus:0.1+0.2)")

        try expectEqual(try attempt("subtracting") { try lab.subtracting(r("cpus:0.5;ports:[31003-31004]"), from: agent) },
                        Optional(r("cpus:1.5;mem:1024;ports:[31000-31002,31005-31010]")),
                        "subtracting(cpus:0.5;ports:[31003-31004], from: \(agent)) (a cut in the middle leaves two ranges)")
        try expectEqual(try lab.subtracting(r("ports:[31000-31000,31010-31010]"), from: agent), Optional(r("cpus:2;mem:1024;ports:[31001-31009]")),
                        "subtracting(ports:[31000-31000,31010-31010], from: \(agent)) (both ends cut)")
        try expectEqual(try lab.subtracting(agent, from: agent), Optional(Resources.none),
                        "subtracting(\(agent), from: itself) (nothing left: no zero scalars, no empty range lists)")
        try expectEqual(try lab.subtracting(r("cpus:3"), from: agent), nil, "subtracting(cpus:3, from: \(agent)) (not contained)")
        try expectEqual(try lab.subtracting(r("ports:[30999-31000]"), from: agent), nil,
                        "subtracting(ports:[30999-31000], from: \(agent)) (30999 is not there)")
        try expectEqual(try lab.subtracting(r("cpus:0.1;cpus:0.2"), from: r("cpus:0.3;mem:1")), Optional(r("mem:1")),
                        "subtracting(cpus:0.3, from: cpus:0.3;mem:1) (0.3 − 0.3 is no cpus at all)")
    }
}
