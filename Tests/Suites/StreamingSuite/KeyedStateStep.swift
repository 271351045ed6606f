import Contracts
import LabKit

extension StreamingSuite {
    /// Step 2: keyed counts, partial per core and merged.
    static let keyedStateStep = Step<any StreamingLab>(
        2, "Keyed state",
        file: "Labs/Streaming/KeyedCounts.swift", function: "add(_:_:), merge(_:)",
        hints: [
            "add: counts[key, default: 0] += n updates the dictionary in place.",
            "merge: add each of other.counts into yours; counts.merge(other.counts, uniquingKeysWith: +) does it in one call.",
        ],
        reading: "Labs/Streaming/README.md#step-2-keyed-state"
    ) { lab, _ in
        let counts = lab.makeKeyedCounts()
        for (key, n) in [("swift", 1), ("kafka", 2), ("swift", 3), ("spark", 1)] as [(String, Int64)] {
            try attempt("add(\"\(key)\", \(n))") { try counts.add(key, n) }
        }
        try expectEqual(counts.counts, ["swift": 4, "kafka": 2, "spark": 1], "counts after add swift 1, kafka 2, swift 3, spark 1")

        let other = lab.makeKeyedCounts()
        try other.add("kafka", 5)
        try other.add("flink", 1)
        try attempt("merge(other)") { try counts.merge(other) }
        try expectEqual(counts.counts, ["swift": 4, "kafka": 7, "spark": 1, "flink": 1],
                        "counts after merging {kafka: 5, flink: 1} into {swift: 4, kafka: 2, spark: 1}")
        try expectEqual(other.counts, ["kafka": 5, "flink": 1], "the merged-in counts (merge must not change its argument)")

        // Partial counts per core, merged, equal one count over everything.
        let words = (0..<5_000).map { "tag\(($0 * 7919) % 97)" }
        let whole = lab.makeKeyedCounts()
        for word in words { try whole.add(word, 1) }
        let parts = [lab.makeKeyedCounts(), lab.makeKeyedCounts(), lab.makeKeyedCounts()]
        for (i, word) in words.enumerated() { try parts[i % 3].add(word, 1) }
        let merged = lab.makeKeyedCounts()
        for part in parts { try merged.merge(part) }
        try expect(merged.counts == whole.counts,
                   "three partial counts of 5000 words, merged, should equal one count of all of them; \(merged.counts.count) keys merged vs \(whole.counts.count)")
    }
}
