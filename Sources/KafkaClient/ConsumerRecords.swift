/// A consumer's records as an `AsyncSequence`: each `next()` returns the
/// next record `poll` fetched, polling again when they run out. The sequence
/// ends when the consumer is closed or the iterating task is cancelled; it
/// throws the errors `poll` throws.
public struct ConsumerRecords: AsyncSequence, Sendable {
    public typealias Element = ConsumerRecord
    let consumer: KafkaConsumer

    /// Iterates the records, polling as needed.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let consumer: KafkaConsumer
        var buffered: [ConsumerRecord] = []
        var index = 0

        /// The next record, waiting for one as long as it takes; nil once the consumer is closed.
        public mutating func next() async throws -> ConsumerRecord? {
            while index == buffered.count {
                guard !Task.isCancelled else { return nil }
                do {
                    buffered = try await consumer.poll()
                } catch KafkaClientError.closed {
                    return nil
                }
                index = 0
            }
            defer { index += 1 }
            return buffered[index]
        }
    }

    /// An iterator that starts from the consumer's current positions.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(consumer: consumer)
    }
}
