import Contracts

/// Step 2: a count per key, the simplest keyed state. Each core keeps its
/// own partial counts; merging partials is what Spark's combiner and shuffle
/// do before the final aggregation.
final class KeyedCounts: KeyedCounting {
    private(set) var counts: [String: Int64] = [:]

    init() {}

    func add(_ key: String, _ n: Int64) throws {
        throw NotImplemented(step: 2)
    }

    func merge(_ other: any KeyedCounting) throws {
        throw NotImplemented(step: 2)
    }
}
