import Contracts
import LabKit

extension StreamingSuite {
    /// Step 1: map, filter, flatMap and chain, fused record by record.
    static let operatorsStep = Step<any StreamingLab>(
        1, "Stateless operators, fused",
        file: "Labs/Streaming/Operators.swift", function: "map(_:), filter(_:), flatMap(_:), chain(_:_:)",
        hints: [
            "An Operator wraps one closure: (record, emit) -> Void. map is Operator { record, emit in emit(transform(record)) }.",
            "filter calls emit(record) only when isIncluded(record); flatMap calls emit once per element of transform(record), in order.",
            "chain(first, second): Operator { record, emit in first.process(record) { middle in second.process(middle, emit) } }. Each record goes through both operators before the next record starts: no array in between.",
        ],
        reading: "Labs/Streaming/README.md#step-1-stateless-operators-fused"
    ) { lab, _ in
        let double = try attempt("map { $0 * 2 }") { try lab.map { (x: Int) in x * 2 } }
        try expectEqual(double.run([1, 2, 3]), [2, 4, 6], "map { $0 * 2 } over [1, 2, 3]")
        let even = try attempt("filter { $0 % 2 == 0 }") { try lab.filter { (x: Int) in x % 2 == 0 } }
        try expectEqual(even.run([1, 2, 3, 4, 6, 7]), [2, 4, 6], "filter { $0 % 2 == 0 } over [1, 2, 3, 4, 6, 7]")
        let words = try attempt("flatMap { $0.split(separator: \" \") }") {
            try lab.flatMap { (line: String) in line.split(separator: " ").map(String.init) }
        }
        try expectEqual(words.run(["a b", "", "c"]), ["a", "b", "c"], "flatMap { words } over [\"a b\", \"\", \"c\"]")
        try expectEqual(try lab.map { (s: String) in s.count }.run([String]()), [], "map over no records")

        let chained = try attempt("chain(flatMap { [x, x * 10] }, map { $0 + 1 })") {
            try lab.chain(try lab.flatMap { (x: Int) in [x, x * 10] }, try lab.map { $0 + 1 })
        }
        try expectEqual(chained.run([1, 2]), [2, 11, 3, 21], "chain(flatMap { [x, x * 10] }, map { $0 + 1 }) over [1, 2]")
        let three = try lab.chain(try lab.chain(try lab.map { (x: Int) in x + 1 }, try lab.filter { $0 % 2 == 0 }),
                                  try lab.map { "#\($0)" })
        try expectEqual(three.run(Array(0..<6)), ["#2", "#4", "#6"], "chain(chain(map { $0 + 1 }, filter { even }), map { \"#\\($0)\" }) over 0..<6")

        // Fused: each record goes through the whole chain before the next one starts.
        var calls: [String] = []
        let traced = try lab.chain(try lab.map { (x: Int) -> Int in calls.append("map \(x)"); return x },
                                   try lab.map { (x: Int) -> Int in calls.append("next \(x)"); return x })
        _ = traced.run([1, 2])
        try expectEqual(calls, ["map 1", "next 1", "map 2", "next 2"],
                        "the order of calls in chain(map, map) over [1, 2] (record by record: each record through both operators before the next)")
    }
}
