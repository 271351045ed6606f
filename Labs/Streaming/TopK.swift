import Contracts

/// Step 5: the K largest counts with a bounded heap: O(n log k), not a full
/// sort of every key (a window can hold millions of keys; K is 10).
enum TopK {
    static func of(_ counts: [String: Int64], k: Int) throws -> [RankedKey] {
        throw NotImplemented(step: 5)
    }
}
