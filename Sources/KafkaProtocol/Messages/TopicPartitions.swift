import NIOCore

/// A topic name followed by an array of per-partition entries: the way
/// Produce, Fetch, ListOffsets, OffsetCommit and OffsetFetch group their
/// partitions. Each API names it `Topic` (e.g. `Produce.Request.Topic`).
///
///     name        string   (Kafka calls it `topic` in Fetch)
///     partitions  array of Partition   (`partition_data`,
///                                       `partition_responses`, …)
///
/// Errors name the fields `name` and `partitions` whatever the API calls them.
public struct TopicPartitions<Partition: KafkaMessageCodable>: KafkaMessageCodable {
    public var name: String
    public var partitions: [Partition]

    public init(name: String, partitions: [Partition]) {
        self.name = name
        self.partitions = partitions
    }

    public static func read(from buffer: inout ByteBuffer, version: Int16) throws -> TopicPartitions {
        TopicPartitions(name: try buffer.readKafkaString("name"),
                        partitions: try buffer.readKafkaArray("partitions", of: Partition.self, version: version))
    }

    public func write(to buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(name)
        buffer.writeKafkaArray(partitions, version: version)
    }
}
