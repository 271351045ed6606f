import Foundation

/// The streaming lab: a Spark-Streaming-style micro-batch engine's operators.
///
/// The given job runner (`Sources/StreamProcessing`) reads a source in
/// micro-batches, splits each batch across the cores, pushes every record
/// through a chain of stateless operators into per-core windowed counts,
/// merges them, moves the watermark, emits the windows that closed (their
/// top K) and checkpoints. The student writes the parts that are the ideas:
/// the operators, keyed state, windows, watermarks, top-K, checkpoints and
/// the batch jobs. Starter: `Labs/Streaming`; reference: `Solutions/Streaming`.
public protocol StreamingLab: Sendable {
    /// Step 1: an operator that pushes `transform(record)` for each record.
    func map<A, B>(_ transform: @escaping (A) -> B) throws -> Operator<A, B>
    /// Step 1: an operator that passes on only the records `isIncluded` accepts.
    func filter<A>(_ isIncluded: @escaping (A) -> Bool) throws -> Operator<A, A>
    /// Step 1: an operator that pushes every element of `transform(record)`, in order.
    func flatMap<A, B>(_ transform: @escaping (A) -> [B]) throws -> Operator<A, B>
    /// Step 1: `first`, then `second` on each of its results: one fused operator.
    func chain<A, B, C>(_ first: Operator<A, B>, _ second: Operator<B, C>) throws -> Operator<A, C>

    /// Step 2: empty keyed counts (keyed aggregation state).
    func makeKeyedCounts() -> any KeyedCounting

    /// Step 3: the starts of the windows that contain event time `ts`, ascending.
    func windowStarts(containing ts: Int64, _ window: WindowSpec) throws -> [Int64]

    /// Step 4: empty windowed counts for `window`, whose watermark trails the
    /// largest event time seen by `maxOutOfOrderness` milliseconds and starts at `watermark`.
    func makeWindowedCounts(_ window: WindowSpec, maxOutOfOrderness: Int64, watermark: Int64) -> any WindowedCounting

    /// Step 5: the `k` keys with the largest counts, in `RankedKey.ranksBefore` order.
    func topK(_ counts: [String: Int64], k: Int) throws -> [RankedKey]

    /// Step 6: writes `checkpoint` into `directory` so that a crash at any
    /// moment leaves either the previous checkpoint or this one, whole.
    func writeCheckpoint(_ checkpoint: StreamCheckpoint, in directory: URL) throws
    /// Step 6: the newest whole checkpoint in `directory`; nil if there is none.
    func latestCheckpoint(in directory: URL) throws -> StreamCheckpoint?

    /// Step 7 (batch): authors whose posts got the most likes, top `k`
    /// (keys are author ids in decimal).
    func mostLikedAuthors(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey]
    /// Step 7 (batch): pairs of hashtags used in the same post, top `k`
    /// (key `"a b"` with a < b; each post counts a pair once).
    func hashtagPairs(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey]
}

/// Counts per key: keyed aggregation state (Spark's state store, Flink's
/// keyed `ValueState`), partial per core and merged (the combiner).
public protocol KeyedCounting: AnyObject {
    /// Adds `n` to `key`'s count.
    func add(_ key: String, _ n: Int64) throws
    /// Adds every count of `other` into this one.
    func merge(_ other: any KeyedCounting) throws
    /// The counts so far.
    var counts: [String: Int64] { get }
}

/// Keyed counts per event-time window, with a watermark that decides when a
/// window is complete.
///
/// A window `[start, start + size)` closes when the watermark reaches its end
/// (`watermark >= start + size`). The watermark is the largest event time seen
/// minus the allowed out-of-orderness; it only moves forward, and only when
/// `advanceWatermark()` is called (the runner calls it after each micro-batch).
/// An event is late when every window holding it has already closed: it is
/// dropped and counted in `lateEvents`.
public protocol WindowedCounting: AnyObject {
    /// Counts one event of `key` at event time `ts` in each open window holding it.
    func add(_ key: String, at ts: Int64) throws
    /// Adds a partial (same window, same watermark) into this one: counts
    /// summed, the largest event time and late events combined.
    func merge(_ partial: any WindowedCounting) throws
    /// Moves the watermark to (largest event time seen − out-of-orderness) if that is later.
    func advanceWatermark() throws
    /// Removes and returns the windows the watermark closed, by start ascending.
    func closeWindows() throws -> [WindowState]
    /// End of a bounded input: removes and returns every open window, ascending.
    func closeAll() throws -> [WindowState]
    /// The current watermark (`Int64.min` until it first moves).
    var watermark: Int64 { get }
    /// The largest event time seen (`Int64.min` before any event).
    var maxEventTime: Int64 { get }
    /// Late events dropped so far.
    var lateEvents: Int64 { get }
    /// The open windows, by start ascending: what a checkpoint saves.
    var openWindows: [WindowState] { get }
    /// Puts back the state a checkpoint saved.
    func restore(openWindows: [WindowState], watermark: Int64, maxEventTime: Int64, lateEvents: Int64) throws
}
