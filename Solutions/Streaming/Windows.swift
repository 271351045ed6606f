import Contracts

/// Step 3: window assignment. Windows are aligned to the epoch: their
/// starts are the multiples of `slide`.
enum Windows {
    /// The starts of the windows holding `ts`, ascending: the last is the
    /// latest multiple of `slide` at or before `ts`; there are `size / slide`.
    static func starts(containing ts: Int64, _ window: WindowSpec) throws -> [Int64] {
        let last = latestStart(atOrBefore: ts, window)
        return Array(stride(from: last - window.size + window.slide, through: last, by: Int(window.slide)))
    }

    /// The latest window start at or before `ts`: `ts` rounded down (towards
    /// minus infinity, also for times before 1970) to a multiple of `slide`.
    @inline(__always)
    static func latestStart(atOrBefore ts: Int64, _ window: WindowSpec) -> Int64 {
        let remainder = ts % window.slide
        return ts - (remainder < 0 ? remainder + window.slide : remainder)
    }
}
