import Contracts
import LabKit

extension StreamingSuite {
    /// Step 7: batch jobs over a bounded input, with the same operators.
    static let batchStep = Step<any StreamingLab>(
        7, "Batch jobs",
        file: "Labs/Streaming/BatchJobs.swift", function: "BatchJobs.mostLikedAuthors(_:top:), BatchJobs.hashtagPairs(_:top:)",
        hints: [
            "mostLikedAuthors is a join then a count: first a dictionary post id → author from the .post events; then a flatMap operator (step 1) that turns each .like(post) whose post is known into [String(author)], counted in KeyedCounts (step 2), then TopK.of (step 5).",
            "hashtagPairs: a flatMap from each post to its pairs: let tags = Set(event.hashtags).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }; for i < j emit tags[i] + \" \" + tags[j]. Count and take the top k the same way.",
            "Sort tags in byte order (a.utf8.lexicographicallyPrecedes(b.utf8)) so \"a b\" always has a before b.",
        ],
        reading: "Labs/Streaming/README.md#step-7-batch-jobs"
    ) { lab, _ in
        let events = [
            ChirpEvent(id: "p1", user: 1, ts: 1, action: .post(text: "#swift and #kafka")),
            ChirpEvent(id: "p2", user: 2, ts: 2, action: .post(text: "#kafka #swift #spark #swift")),
            ChirpEvent(id: "p3", user: 1, ts: 3, action: .post(text: "no tags")),
            ChirpEvent(id: "l1", user: 3, ts: 4, action: .like(post: "p1")),
            ChirpEvent(id: "l2", user: 4, ts: 5, action: .like(post: "p3")),
            ChirpEvent(id: "l3", user: 5, ts: 6, action: .like(post: "p2")),
            ChirpEvent(id: "l4", user: 6, ts: 7, action: .like(post: "unknown")),
            ChirpEvent(id: "f1", user: 6, ts: 8, action: .follow(followee: 1)),
        ]
        try expectEqual(try attempt("mostLikedAuthors(8 events, top: 5)") { try lab.mostLikedAuthors(events, top: 5) },
                        [RankedKey("1", 2), RankedKey("2", 1)],
                        "mostLikedAuthors (user 1's posts p1 and p3 got a like each, user 2's p2 one; a like of an unknown post is skipped)")
        try expectEqual(try attempt("mostLikedAuthors(the 8 events in reverse order, top: 5)") { try lab.mostLikedAuthors(events.reversed(), top: 5) },
                        [RankedKey("1", 2), RankedKey("2", 1)],
                        "mostLikedAuthors of the same events with each like before its post (a store returns rows in token order, not time order: know every post's author before counting likes)")
        try expectEqual(try attempt("hashtagPairs(8 events, top: 10)") { try lab.hashtagPairs(events, top: 10) },
                        [RankedKey("kafka swift", 2), RankedKey("spark swift", 1), RankedKey("kafka spark", 1)],
                        "hashtagPairs (p1: kafka+swift; p2: kafka, spark, swift, with swift twice counted once)")

        var config = WorkloadConfig(seed: 3)
        config.hashtags = 50
        config.users = 300
        let workload = Array(Workload(config).prefix(20_000))
        var author: [String: Int64] = [:]
        var likes: [String: Int64] = [:]
        var pairs: [String: Int64] = [:]
        for event in workload {
            switch event.action {
            case .post:
                author[event.id] = event.user
                let tags = Array(Set(event.hashtags)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                for i in tags.indices { for j in tags.indices where j > i { pairs[tags[i] + " " + tags[j], default: 0] += 1 } }
            case .like(let post):
                if let who = author[post] { likes[String(who), default: 0] += 1 }
            case .follow: break
            }
        }
        func top(_ counts: [String: Int64], _ k: Int) -> [RankedKey] {
            Array(counts.map { RankedKey($0.key, $0.value) }.sorted(by: RankedKey.ranksBefore).prefix(k))
        }
        try expectEqual(try lab.mostLikedAuthors(workload, top: 10), top(likes, 10), "mostLikedAuthors over 20000 workload events, top 10")
        try expectEqual(try lab.hashtagPairs(workload, top: 10), top(pairs, 10), "hashtagPairs over 20000 workload events, top 10")
    }
}
