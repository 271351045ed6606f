/// An event-time window: how long each window is and how far apart windows start.
///
/// Windows are half-open intervals `[start, start + size)` of event time, in
/// milliseconds since the epoch, aligned to the epoch: every window's start is
/// a multiple of `slide`. A tumbling window (`slide == size`) puts each event in
/// exactly one window; a sliding (Spark: "sliding", Flink: "hopping") window
/// with `slide < size` puts it in `size / slide` overlapping windows.
public struct WindowSpec: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Length of a window, in milliseconds.
    public let size: Int64
    /// Distance between the starts of consecutive windows, in milliseconds.
    public let slide: Int64

    /// A tumbling window of `size` milliseconds.
    public static func tumbling(_ size: Int64) -> WindowSpec { WindowSpec(size: size, slide: size) }

    /// A sliding window `size` long starting every `slide` milliseconds;
    /// `size` must be a multiple of `slide`.
    public static func sliding(_ size: Int64, every slide: Int64) -> WindowSpec { WindowSpec(size: size, slide: slide) }

    public init(size: Int64, slide: Int64) {
        precondition(size > 0 && slide > 0 && size % slide == 0, "a window's size must be a positive multiple of its slide")
        self.size = size
        self.slide = slide
    }

    /// Whether windows do not overlap.
    public var isTumbling: Bool { slide == size }

    /// How many windows hold each event.
    public var windowsPerEvent: Int { Int(size / slide) }

    public var description: String {
        isTumbling ? "tumbling \(Self.format(size))" : "sliding \(Self.format(size)) every \(Self.format(slide))"
    }

    /// "10s", "1m", "250ms": a duration as people write it.
    public static func format(_ ms: Int64) -> String {
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1_000 == 0 { return "\(ms / 1_000)s" }
        return "\(ms)ms"
    }

    /// Reads "10s", "1m", "2h", "250ms" or a bare number of milliseconds;
    /// nil for anything else.
    public static func parseDuration(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            guard let n = Int64(text.dropLast(unit.count)), n > 0 else { continue }
            let (ms, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : ms
        }
        return Int64(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
