import Contracts

/// Step 5: the K largest counts with a bounded heap: O(n log k), not a full
/// sort of every key (a window can hold millions of keys; K is 10).
enum TopK {
    static func of(_ counts: [String: Int64], k: Int) throws -> [RankedKey] {
        guard k > 0 else { return [] }
        // A min-heap in rank order: its root is the worst of the best k so far.
        var heap: [RankedKey] = []
        heap.reserveCapacity(k)
        for (key, count) in counts {
            let candidate = RankedKey(key, count)
            if heap.count < k {
                heap.append(candidate)
                siftUp(&heap, from: heap.count - 1)
            } else if RankedKey.ranksBefore(candidate, heap[0]) {
                heap[0] = candidate
                siftDown(&heap, from: 0)
            }
        }
        return heap.sorted(by: RankedKey.ranksBefore)
    }

    /// The heap order: a parent ranks *after* its children.
    private static func worse(_ a: RankedKey, _ b: RankedKey) -> Bool { RankedKey.ranksBefore(b, a) }

    private static func siftUp(_ heap: inout [RankedKey], from index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [RankedKey], from index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count, worse(heap[left], heap[worst]) { worst = left }
            if right < heap.count, worse(heap[right], heap[worst]) { worst = right }
            guard worst != parent else { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
