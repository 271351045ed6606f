import Contracts
import LabKit

extension StreamingSuite {
    /// Step 3: which windows hold an event.
    static let windowsStep = Step<any StreamingLab>(
        3, "Event-time windows",
        file: "Labs/Streaming/Windows.swift", function: "Windows.starts(containing:_:)",
        hints: [
            "The latest window holding ts starts at ts rounded down to a multiple of window.slide. Careful: Swift's % keeps the sign, so -1 % 10000 is -1; round towards minus infinity: let r = ts % slide; last = ts - (r < 0 ? r + slide : r).",
            "There are window.size / window.slide windows holding ts: last, last - slide, ... Return them ascending: Array(stride(from: last - size + slide, through: last, by: Int(slide))).",
        ],
        reading: "Labs/Streaming/README.md#step-3-event-time-windows"
    ) { lab, _ in
        let tumbling = WindowSpec.tumbling(10_000)
        let sliding = WindowSpec.sliding(10_000, every: 5_000)
        let hopping = WindowSpec.sliding(60_000, every: 20_000)
        let cases: [(Int64, WindowSpec, [Int64])] = [
            (12_345, tumbling, [10_000]),
            (0, tumbling, [0]),
            (9_999, tumbling, [0]),
            (10_000, tumbling, [10_000]),
            (-1, tumbling, [-10_000]),
            (-10_000, tumbling, [-10_000]),
            (1_700_000_004_321, tumbling, [1_700_000_000_000]),
            (12_345, sliding, [5_000, 10_000]),
            (10_000, sliding, [5_000, 10_000]),
            (4_999, sliding, [-5_000, 0]),
            (-1, sliding, [-10_000, -5_000]),
            (130_000, hopping, [80_000, 100_000, 120_000]),
        ]
        for (ts, window, expected) in cases {
            let call = "windowStarts(containing: \(ts), \(window))"
            try expectEqual(try attempt(call) { try lab.windowStarts(containing: ts, window) }, expected, call)
        }
    }
}
