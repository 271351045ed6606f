import Contracts

/// Step 2: a count per key, the simplest keyed state. Each core keeps its
/// own partial counts; merging partials is what Spark's combiner and shuffle
/// do before the final aggregation.
final class KeyedCounts: KeyedCounting {
    private(set) var counts: [String: Int64] = [:]

    init() {}

    func add(_ key: String, _ n: Int64) throws {
        counts[key, default: 0] += n
    }

    func merge(_ other: any KeyedCounting) throws {
        counts.merge(other.counts, uniquingKeysWith: +)
    }
}
