/// Where `KafkaConsumer.seek` moves a partition's position.
public enum SeekPosition: Hashable, Sendable {
    /// This offset: the next record returned is the one stored there.
    case offset(Int64)
    /// The earliest offset still in the log (ListOffsets, timestamp -2).
    case beginning
    /// The log end (ListOffsets, timestamp -1): only records produced after the seek.
    case end
}
