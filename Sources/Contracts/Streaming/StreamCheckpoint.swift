/// Everything a streaming job needs to resume exactly where it was: written
/// atomically after a micro-batch, so that the operator state, the source
/// position and the output always agree.
///
/// Spark Structured Streaming keeps the same three things in its checkpoint
/// directory (`offsets/`, `state/`, `commits/`); Flink's checkpoint barriers
/// snapshot them together. Restoring all three from one checkpoint, then
/// replaying the source from `sourceOffsets`, gives exactly-once results.
public struct StreamCheckpoint: Hashable, Sendable, Codable {
    /// The micro-batch this checkpoint follows (1 for the first batch).
    public var batchId: Int64
    /// Where to read next, per source partition (a file's byte offset, a
    /// topic partition's next offset).
    public var sourceOffsets: [String: Int64]
    /// The output's length in bytes when the checkpoint was taken: output past
    /// it was written after the checkpoint and is cut off on recovery.
    public var outputLength: Int64
    /// The event-time watermark (milliseconds).
    public var watermark: Int64
    /// The largest event time seen (milliseconds), or `Int64.min`.
    public var maxEventTime: Int64
    /// The windows still open, with their counts.
    public var openWindows: [WindowState]
    /// Late events dropped so far.
    public var lateEvents: Int64
    /// Malformed input records skipped so far.
    public var malformedRecords: Int64
    /// True once the input was read to its end and every window emitted.
    public var finished: Bool

    public init(batchId: Int64, sourceOffsets: [String: Int64], outputLength: Int64, watermark: Int64,
                maxEventTime: Int64, openWindows: [WindowState], lateEvents: Int64 = 0,
                malformedRecords: Int64 = 0, finished: Bool = false) {
        self.batchId = batchId
        self.sourceOffsets = sourceOffsets
        self.outputLength = outputLength
        self.watermark = watermark
        self.maxEventTime = maxEventTime
        self.openWindows = openWindows
        self.lateEvents = lateEvents
        self.malformedRecords = malformedRecords
        self.finished = finished
    }
}
