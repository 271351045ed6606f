import Contracts
import LabKit

extension StreamingSuite {
    /// Step 5: top-K with a bounded heap.
    static let topKStep = Step<any StreamingLab>(
        5, "Top-K per window",
        file: "Labs/Streaming/TopK.swift", function: "TopK.of(_:k:)",
        hints: [
            "The order is RankedKey.ranksBefore: the larger count first; on a tie the key greater in byte order first. Sorting every key works but costs O(n log n); a heap of the k best so far costs O(n log k).",
            "Keep a min-heap (an array) whose root is the worst of the best k so far. For each key: while the heap has fewer than k, append and sift up; else if the key ranks before the root, replace the root and sift down.",
            "At the end, heap.sorted(by: RankedKey.ranksBefore). k = 0 gives [].",
        ],
        reading: "Labs/Streaming/README.md#step-5-top-k-per-window"
    ) { lab, _ in
        let counts: [String: Int64] = ["swift": 5, "kafka": 9, "spark": 5, "flink": 1, "mesos": 5, "akka": 2]
        try expectEqual(try attempt("topK(\(counts), k: 3)") { try lab.topK(counts, k: 3) },
                        [RankedKey("kafka", 9), RankedKey("swift", 5), RankedKey("spark", 5)],
                        "topK(\(counts), k: 3) (ties: the key greater in byte order first)")
        try expectEqual(try lab.topK(counts, k: 10).count, 6, "topK of 6 keys with k: 10, its count")
        try expectEqual(try lab.topK(counts, k: 0), [], "topK(k: 0)")
        try expectEqual(try lab.topK([:], k: 5), [], "topK of no keys")
        try expectEqual(try lab.topK(["Zed": 1, "zed": 1, "éa": 1], k: 3), [RankedKey("éa", 1), RankedKey("zed", 1), RankedKey("Zed", 1)],
                        "topK with equal counts (byte order: \"é\" is 0xC3 0xA9, above every ASCII letter)")
        // "e\u{301}a" (é as e and a combining accent) starts with the byte of "e": below "zed" in bytes, above it in Swift's <.
        try expectEqual(try lab.topK(["zed": 1, "e\u{301}a": 1], k: 2), [RankedKey("zed", 1), RankedKey("e\u{301}a", 1)],
                        "topK([\"zed\": 1, \"e\\u{301}a\": 1], k: 2) (a tie: the key greater in UTF-8 bytes first; Swift's > on String compares differently here)")
        var random = SplitMix64(seed: 5)
        for round in 0..<20 {
            var big: [String: Int64] = [:]
            for i in 0..<(1 + Int(random.next() % 3_000)) { big["k\(i)"] = Int64(random.next() % 50) }
            let k = Int(random.next() % 15)
            let expected = Array(big.map { RankedKey($0.key, $0.value) }.sorted(by: RankedKey.ranksBefore).prefix(k))
            try expectEqual(try lab.topK(big, k: k), expected, "topK of \(big.count) random counts (0..<50) with k: \(k) (round \(round))")
        }
    }
}
