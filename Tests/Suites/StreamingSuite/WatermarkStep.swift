import Contracts
import LabKit
import StreamProcessing

extension StreamingSuite {
    /// Step 4: windowed counts closed by the watermark; late events dropped and counted.
    static let watermarkStep = Step<any StreamingLab>(
        4, "Windowed counts and watermarks",
        file: "Labs/Streaming/WindowedCounts.swift",
        function: "add(_:at:), merge(_:), advanceWatermark(), closeWindows(), closeAll()",
        hints: [
            "add: remember the largest ts in maxEventTime. Then, for each window holding ts (step 3's starts), count the key in the WindowState with that start (windows is sorted by start: look from the end, where new events land, and insert a new WindowState in order if there is none) only if the window is still open (start + window.size > watermark). If none of its windows is open, the event is late: lateEvents += 1.",
            "advanceWatermark: if maxEventTime is not .min, watermark = max(watermark, maxEventTime - maxOutOfOrderness). It never moves back, and only moves when this is called (after a micro-batch).",
            "closeWindows: the windows with start + window.size <= watermark are a prefix of the sorted array: remove and return them, oldest first. closeAll does it for every window (the input ended).",
            "merge: maxEventTime = max of both, lateEvents summed, and each of partial.openWindows' counts added into the window with the same start (counts.merge(_:uniquingKeysWith: +)), inserted in order if this side has none.",
        ],
        reading: "Labs/Streaming/README.md#step-4-windowed-counts-and-watermarks"
    ) { lab, _ in
        let state = lab.makeWindowedCounts(.tumbling(10_000), maxOutOfOrderness: 2_000, watermark: .min)
        for (key, ts) in [("a", 1_000), ("b", 3_000), ("a", 9_500), ("a", 12_000)] as [(String, Int64)] {
            try attempt("add(\"\(key)\", at: \(ts))") { try state.add(key, at: ts) }
        }
        try expectEqual(state.maxEventTime, 12_000, "maxEventTime after events at 1000, 3000, 9500 and 12000")
        try expectEqual(state.watermark, Int64.min, "watermark before advanceWatermark() is first called")
        try expectEqual(brief(try attempt("closeWindows()") { try state.closeWindows() }), brief([]),
                        "closeWindows() before the watermark moved")
        try attempt("advanceWatermark()") { try state.advanceWatermark() }
        try expectEqual(state.watermark, 10_000, "watermark after advanceWatermark() (max event time 12000 - out-of-orderness 2000)")
        try expectEqual(brief(try state.closeWindows()), brief([WindowState(start: 0, counts: ["a": 2, "b": 1])]),
                        "closeWindows() at watermark 10000 (tumbling 10 s windows; [0, 10000) is complete)")
        try expectEqual(brief(state.openWindows), brief([WindowState(start: 10_000, counts: ["a": 1])]),
                        "openWindows after closing [0, 10000)")

        try state.add("late", at: 9_999)
        try expectEqual(state.lateEvents, 1, "lateEvents after an event at 9999, whose window [0, 10000) closed")
        try state.add("b", at: 10_500)
        try state.add("c", at: 25_000)
        try expectEqual(brief(try state.closeWindows()), brief([]), "closeWindows() before advanceWatermark() (the watermark moves only between micro-batches)")
        try state.advanceWatermark()
        try expectEqual(state.watermark, 23_000, "watermark after an event at 25000")
        try expectEqual(brief(try state.closeWindows()), brief([WindowState(start: 10_000, counts: ["a": 1, "b": 1])]),
                        "closeWindows() at watermark 23000 (the late event at 9999 must not be in any window)")
        try state.add("x", at: 21_000)
        try state.advanceWatermark()
        try expectEqual(state.watermark, 23_000, "watermark after an older event (21000): a watermark never moves back")
        try expectEqual(brief(try attempt("closeAll()") { try state.closeAll() }),
                        brief([WindowState(start: 20_000, counts: ["c": 1, "x": 1])]), "closeAll() at the end of the input")
        try expectEqual(brief(state.openWindows), brief([]), "openWindows after closeAll()")

        // Sliding windows: an event is in size/slide windows; it is late only when all of them closed.
        let sliding = lab.makeWindowedCounts(.sliding(10_000, every: 5_000), maxOutOfOrderness: 0, watermark: .min)
        try sliding.add("a", at: 7_000)
        try sliding.add("a", at: 12_000)
        try sliding.advanceWatermark()
        try expectEqual(brief(try sliding.closeWindows()), brief([WindowState(start: 0, counts: ["a": 1])]),
                        "sliding 10 s every 5 s, events at 7000 and 12000, watermark 12000: closeWindows()")
        try sliding.add("z", at: 9_000)
        try expectEqual(sliding.lateEvents, 0, "lateEvents after an event at 9000 whose window [5000, 15000) is still open (only [0, 10000) closed)")
        try sliding.add("y", at: 4_000)
        try expectEqual(sliding.lateEvents, 1, "lateEvents after an event at 4000, whose windows [-5000, 5000) and [0, 10000) both closed")
        try expectEqual(brief(try sliding.closeAll()),
                        brief([WindowState(start: 5_000, counts: ["a": 2, "z": 1]), WindowState(start: 10_000, counts: ["a": 1])]),
                        "closeAll() of the sliding windows")

        // Before any event, advancing moves nothing (maxEventTime is Int64.min: subtracting from it overflows).
        let empty = lab.makeWindowedCounts(.tumbling(10_000), maxOutOfOrderness: 2_000, watermark: .min)
        try attempt("advanceWatermark() before any event") { try empty.advanceWatermark() }
        try expectEqual(empty.watermark, Int64.min,
                        "watermark after advanceWatermark() with no event yet (maxEventTime is still Int64.min: check before subtracting)")
        // A state made at a watermark (restored from a checkpoint, or a job's partial) never moves it back.
        let restored = lab.makeWindowedCounts(.tumbling(10_000), maxOutOfOrderness: 0, watermark: 50_000)
        try restored.add("old", at: 1_000)
        try restored.advanceWatermark()
        try expectEqual(restored.watermark, 50_000,
                        "watermark of a state made at watermark 50000, after one event at 1000 and advanceWatermark(): a watermark never moves back")
        // Windows stay sorted by start whatever order events come in: closeWindows takes a prefix.
        let unordered = lab.makeWindowedCounts(.tumbling(10_000), maxOutOfOrderness: 0, watermark: .min)
        try unordered.add("a", at: 12_000)
        try unordered.add("b", at: 1_000)
        try expectEqual(unordered.openWindows.map(\.start), [0, 10_000], "the starts of openWindows after events at 12000, then 1000 (kept sorted by start)")
        let unorderedPartial = lab.makeWindowedCounts(.tumbling(10_000), maxOutOfOrderness: 0, watermark: .min)
        try unorderedPartial.add("c", at: 35_000)
        try unorderedPartial.add("d", at: 21_000)
        try unordered.merge(unorderedPartial)
        try expectEqual(unordered.openWindows.map(\.start), [0, 10_000, 20_000, 30_000],
                        "the starts of openWindows after merging windows [30000, …) and [20000, …) into [0, …) and [10000, …) (inserted in order)")
        // merge: the partials' late events add up; maxEventTime is the later of the two.
        let left = lab.makeWindowedCounts(.tumbling(10_000), maxOutOfOrderness: 0, watermark: 20_000)
        let right = lab.makeWindowedCounts(.tumbling(10_000), maxOutOfOrderness: 0, watermark: 20_000)
        try left.add("late", at: 5_000)
        try left.add("x", at: 31_000)
        for ts in [6_000, 7_000] as [Int64] { try right.add("late", at: ts) }
        try right.add("y", at: 25_000)
        try left.merge(right)
        try expectEqual(left.lateEvents, 3,
                        "lateEvents after merging a partial that counted 2 late events into a state that counted 1 (the job counts in per-core partials: add them up)")
        try expectEqual(left.maxEventTime, 31_000, "maxEventTime after merging a partial whose latest event is 25000 into a state at 31000 (the later of the two)")

        // Partials per core, merged, as the job runner does each micro-batch.
        let config = orderlyWorkload(seed: 11)
        let events = HashtagInput.events(config, count: 20_000)
        let merged = lab.makeWindowedCounts(.tumbling(tenSeconds), maxOutOfOrderness: tenSeconds, watermark: .min)
        var closed: [WindowState] = []
        for batch in stride(from: 0, to: events.count, by: 1_000) {
            let parts = (0..<2).map { _ in lab.makeWindowedCounts(.tumbling(tenSeconds), maxOutOfOrderness: tenSeconds, watermark: merged.watermark) }
            for (i, event) in events[batch..<min(batch + 1_000, events.count)].enumerated() {
                try parts[i % 2].add(event.hashtag, at: event.ts)
            }
            for part in parts { try attempt("merge(partial)") { try merged.merge(part) } }
            try merged.advanceWatermark()
            closed += try merged.closeWindows()
        }
        closed += try merged.closeAll()
        try expectEqual(merged.lateEvents, 0, "lateEvents for a workload whose disorder (2 s) stays within the bound (10 s)")
        var expected: [Int64: [String: Int64]] = [:]
        for event in events { expected[event.ts - event.ts % tenSeconds, default: [:]][event.hashtag, default: 0] += 1 }
        try expectEqual(closed.map(\.start), expected.keys.sorted(), "the starts of the windows emitted for 20000 workload events, in order")
        for window in closed where window.counts != expected[window.start] {
            throw CheckFailure("window \(window.start): counted \(window.counts.values.reduce(0, +)) events over \(window.counts.count) hashtags; brute force says \(expected[window.start]!.values.reduce(0, +)) over \(expected[window.start]!.count) (partials merged per micro-batch must add up)")
        }
    }
}
