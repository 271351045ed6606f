import Contracts

/// Step 7: batch jobs, the same operators and keyed state over a bounded
/// input (Spark's "a batch is just a stream that ends").
enum BatchJobs {
    /// Likes per post author: posts give each post id its author; a like of a
    /// post not in the input is skipped (the post is outside the data).
    static func mostLikedAuthors(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey] {
        throw NotImplemented(step: 7)
    }

    /// Pairs of distinct hashtags in one post, as "a b" with a < b.
    static func hashtagPairs(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey] {
        throw NotImplemented(step: 7)
    }
}
