import Contracts

/// Step 7: batch jobs, the same operators and keyed state over a bounded
/// input (Spark's "a batch is just a stream that ends").
enum BatchJobs {
    /// Likes per post author: posts give each post id its author; a like of a
    /// post not in the input is skipped (the post is outside the data).
    static func mostLikedAuthors(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey] {
        var authors: [String: Int64] = [:]
        for event in events {
            if case .post = event.action { authors[event.id] = event.user }
        }
        let likedAuthors = try Operators.flatMap { (event: ChirpEvent) -> [String] in
            guard case .like(let post) = event.action, let author = authors[post] else { return [] }
            return [String(author)]
        }
        let counts = KeyedCounts()
        for event in events {
            likedAuthors.process(event) { try? counts.add($0, 1) }
        }
        return try TopK.of(counts.counts, k: k)
    }

    /// Pairs of distinct hashtags in one post, as "a b" with a < b.
    static func hashtagPairs(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey] {
        let pairs = try Operators.flatMap { (event: ChirpEvent) -> [String] in
            let tags = Set(event.hashtags).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            var found: [String] = []
            for i in tags.indices {
                for j in tags.indices where j > i { found.append(tags[i] + " " + tags[j]) }
            }
            return found
        }
        let counts = KeyedCounts()
        for event in events {
            pairs.process(event) { try? counts.add($0, 1) }
        }
        return try TopK.of(counts.counts, k: k)
    }
}
