/// The knobs of one partition's log, named after Kafka's topic configs.
public struct LogConfig: Hashable, Sendable {
    /// `segment.bytes`: roll to a new segment once the active one would pass this size.
    public var segmentBytes: Int = 64 << 20
    /// `index.interval.bytes`: add an offset-index entry after at least this many bytes of batches.
    public var indexIntervalBytes: Int = 4_096
    /// `retention.bytes`: delete the oldest segments while the log is larger; -1 keeps everything.
    public var retentionBytes: Int64 = -1
    /// `retention.ms`: delete segments last written longer ago than this; -1 keeps everything.
    public var retentionMs: Int64 = 7 * 24 * 3_600_000
    /// `message.max.bytes`: the largest batch the log accepts.
    public var maxBatchBytes: Int = 1 << 20

    public init() {}
}

/// Why a log refused a request.
public enum LogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The offset is before the log start or past the log end (Kafka's OFFSET_OUT_OF_RANGE).
    case offsetOutOfRange(offset: Int64, logStartOffset: Int64, logEndOffset: Int64)
    /// The bytes are not a valid record batch (Kafka's CORRUPT_MESSAGE).
    case invalidBatch(BatchError)
    /// The batch is larger than `maxBatchBytes` (Kafka's MESSAGE_TOO_LARGE).
    case batchTooLarge(size: Int, max: Int)

    public var description: String {
        switch self {
        case .offsetOutOfRange(let offset, let start, let end):
            "offset \(offset) is out of range: the log holds offsets \(start) to \(end - 1)"
        case .invalidBatch(let error): "invalid record batch: \(error)"
        case .batchTooLarge(let size, let max): "batch of \(size) bytes is larger than the \(max) allowed"
        }
    }
}
