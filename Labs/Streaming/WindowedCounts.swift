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
        throw NotImplemented(step: 4)
    }

    func merge(_ partial: any WindowedCounting) throws {
        throw NotImplemented(step: 4)
    }

    func advanceWatermark() throws {
        throw NotImplemented(step: 4)
    }

    func closeWindows() throws -> [WindowState] {
        throw NotImplemented(step: 4)
    }

    func closeAll() throws -> [WindowState] {
        throw NotImplemented(step: 4)
    }

    var openWindows: [WindowState] { windows }

    func restore(openWindows: [WindowState], watermark: Int64, maxEventTime: Int64, lateEvents: Int64) throws {
        windows = openWindows.sorted { $0.start < $1.start }
        self.watermark = watermark
        self.maxEventTime = maxEventTime
        self.lateEvents = lateEvents
    }
}
