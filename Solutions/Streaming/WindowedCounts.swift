import Contracts

/// Step 4: keyed counts per event-time window, closed by the watermark.
final class WindowedCounts: WindowedCounting {
    let window: WindowSpec
    let maxOutOfOrderness: Int64
    private(set) var watermark: Int64
    private(set) var maxEventTime: Int64 = .min
    private(set) var lateEvents: Int64 = 0
    /// The open windows, by start ascending (a handful: a linear search
    /// from the newest beats hashing the start).
    private var windows: [WindowState] = []

    init(_ window: WindowSpec, maxOutOfOrderness: Int64, watermark: Int64) {
        self.window = window
        self.maxOutOfOrderness = maxOutOfOrderness
        self.watermark = watermark
    }

    func add(_ key: String, at ts: Int64) throws {
        if ts > maxEventTime { maxEventTime = ts }
        // The windows holding ts, latest first; stop at the first closed one
        // (earlier ones closed too).
        var start = Windows.latestStart(atOrBefore: ts, window)
        var counted = false
        for _ in 0..<window.windowsPerEvent {
            guard start + window.size > watermark else { break }
            windows[index(of: start)].counts[key, default: 0] += 1
            counted = true
            start -= window.slide
        }
        if !counted { lateEvents += 1 }
    }

    /// The position of the window starting at `start`, opened if need be.
    private func index(of start: Int64) -> Int {
        var i = windows.count
        while i > 0, windows[i - 1].start >= start {
            if windows[i - 1].start == start { return i - 1 }
            i -= 1
        }
        windows.insert(WindowState(start: start), at: i)
        return i
    }

    func merge(_ partial: any WindowedCounting) throws {
        maxEventTime = max(maxEventTime, partial.maxEventTime)
        lateEvents += partial.lateEvents
        for theirs in partial.openWindows {
            windows[index(of: theirs.start)].counts.merge(theirs.counts, uniquingKeysWith: +)
        }
    }

    func advanceWatermark() throws {
        guard maxEventTime != .min else { return }
        let (candidate, overflow) = maxEventTime.subtractingReportingOverflow(maxOutOfOrderness)
        if !overflow, candidate > watermark { watermark = candidate }
    }

    func closeWindows() throws -> [WindowState] {
        let closed = windows.prefix { $0.start + window.size <= watermark }
        windows.removeFirst(closed.count)
        return Array(closed)
    }

    func closeAll() throws -> [WindowState] {
        defer { windows.removeAll() }
        return windows
    }

    var openWindows: [WindowState] { windows }

    func restore(openWindows: [WindowState], watermark: Int64, maxEventTime: Int64, lateEvents: Int64) throws {
        windows = openWindows.sorted { $0.start < $1.start }
        self.watermark = watermark
        self.maxEventTime = maxEventTime
        self.lateEvents = lateEvents
    }
}
