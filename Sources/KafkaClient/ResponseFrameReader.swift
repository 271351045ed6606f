import KafkaProtocol

extension KafkaFrameReader {
    /// Splits a connection's bytes into Kafka response frames (correlation id
    /// and body): a size below 4 or above the limit closes the connection.
    static func responses(maxFrameBytes: Int) -> KafkaFrameReader {
        KafkaFrameReader(kind: "response", minimumBytes: 4, maxFrameBytes: maxFrameBytes)
    }
}
