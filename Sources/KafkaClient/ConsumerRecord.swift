import KafkaProtocol

/// A record as a consumer receives it: where it is stored and what it holds.
public struct ConsumerRecord: Hashable, Sendable {
    /// The topic and partition it was read from.
    public var topicPartition: TopicPartition
    /// Its offset in the partition.
    public var offset: Int64
    /// Milliseconds since 1970: when it was produced (or appended, for LogAppendTime topics).
    public var timestamp: Int64
    /// The key; nil when it has none.
    public var key: [UInt8]?
    /// The value; nil for a tombstone.
    public var value: [UInt8]?
    /// Its headers, in order.
    public var headers: [RecordHeader]

    /// A record read from `topicPartition` at `offset`.
    public init(topicPartition: TopicPartition, offset: Int64, timestamp: Int64, key: [UInt8]?, value: [UInt8]?,
                headers: [RecordHeader]) {
        self.topicPartition = topicPartition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The topic it was read from.
    public var topic: String { topicPartition.topic }
    /// The partition it was read from.
    public var partition: Int32 { topicPartition.partition }
}
