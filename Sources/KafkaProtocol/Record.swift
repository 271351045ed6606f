/// One record of a record batch (Kafka's message format v2): a key, a value
/// and headers, with its timestamp and offset stored as deltas from the
/// batch's base values.
public struct Record: Hashable, Sendable {
    /// Milliseconds after the batch's `baseTimestamp`.
    public var timestampDelta: Int64
    /// Position after the batch's `baseOffset`.
    public var offsetDelta: Int32
    /// The key, used to pick a partition; nil when absent.
    public var key: [UInt8]?
    /// The payload; nil is a tombstone (for compacted topics).
    public var value: [UInt8]?
    public var headers: [RecordHeader]

    public init(timestampDelta: Int64 = 0, offsetDelta: Int32, key: [UInt8]?, value: [UInt8]?,
                headers: [RecordHeader] = []) {
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// A record header: an application-defined name and value.
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}
