import NIOCore

/// A record handed to a `KafkaProducer` by `enqueue`: it is in its
/// partition's batch, in order, and `acknowledged()` waits for the broker.
public struct Delivery: Sendable {
    /// Where the broker stored a record.
    struct Stored: Sendable {
        var partition: Int32
        var offset: Int64
    }

    let future: EventLoopFuture<Stored>

    /// The record's partition and offset once the broker acknowledged it
    /// (offset -1 with acks = 0); throws if its batch failed after its retries.
    public func acknowledged() async throws -> (partition: Int32, offset: Int64) {
        let stored = try await future.get()
        return (stored.partition, stored.offset)
    }
}
