import Contracts

/// Step 4: keyed counts per event-time window, closed by the watermark.
final class WindowedCounts: WindowedCounting {
    let window: WindowSpec
    let maxOutOfOrderness: Int64
    private(set) var watermark: Int64
    private(set) var maxEventTime: Int64 = .min
    private(set) var lateEvents: Int64 = 0
    /// Open windows by start.
    private var windows: [Int64: [String: Int64]] = [:]

    init(_ window: WindowSpec, maxOutOfOrderness: Int64, watermark: Int64) {
        self.window = window
        self.maxOutOfOrderness = maxOutOfOrderness
        self.watermark = watermark
    }

    func add(_ key: String, at ts: Int64) throws {
        if ts > maxEventTime { maxEventTime = ts }
        let last = Windows.latestStart(atOrBefore: ts, window)
        // The windows holding ts, latest first; stop at the first closed one
        // (earlier ones closed too).
        var start = last
        var counted = false
        for _ in 0..<window.windowsPerEvent {
            guard start + window.size > watermark else { break }
            windows[start, default: [:]][key, default: 0] += 1
            counted = true
            start -= window.slide
        }
        if !counted { lateEvents += 1 }
    }

    func merge(_ partial: any WindowedCounting) throws {
        maxEventTime = max(maxEventTime, partial.maxEventTime)
        lateEvents += partial.lateEvents
        let theirs = (partial as? WindowedCounts)?.windows
            ?? Dictionary(uniqueKeysWithValues: partial.openWindows.map { ($0.start, $0.counts) })
        for (start, counts) in theirs {
            windows[start, default: [:]].merge(counts, uniquingKeysWith: +)
        }
    }

    func advanceWatermark() throws {
        guard maxEventTime != .min else { return }
        let (candidate, overflow) = maxEventTime.subtractingReportingOverflow(maxOutOfOrderness)
        if !overflow, candidate > watermark { watermark = candidate }
    }

    func closeWindows() throws -> [WindowState] {
        let closed = windows.keys.filter { $0 + window.size <= watermark }.sorted()
        return closed.map { WindowState(start: $0, counts: windows.removeValue(forKey: $0)!) }
    }

    func closeAll() throws -> [WindowState] {
        let all = openWindows
        windows.removeAll()
        return all
    }

    var openWindows: [WindowState] {
        windows.keys.sorted().map { WindowState(start: $0, counts: windows[$0]!) }
    }

    func restore(openWindows: [WindowState], watermark: Int64, maxEventTime: Int64, lateEvents: Int64) throws {
        windows = Dictionary(openWindows.map { ($0.start, $0.counts) }, uniquingKeysWith: { a, b in a.merging(b, uniquingKeysWith: +) })
        self.watermark = watermark
        self.maxEventTime = maxEventTime
        self.lateEvents = lateEvents
    }
}
