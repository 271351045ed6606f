import KafkaProtocol

extension KafkaFrameReader {
    /// Splits a connection's bytes into Kafka request frames: a size below
    /// the smallest header or above the limit closes the connection.
    static func requests(maxFrameBytes: Int) -> KafkaFrameReader {
        KafkaFrameReader(kind: "request", minimumBytes: 8, maxFrameBytes: maxFrameBytes)
    }
}
