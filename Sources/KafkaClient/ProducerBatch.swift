import Foundation
import KafkaProtocol
import NIOCore

/// Records of one partition gathered to be sent in one record batch, with
/// the `send` calls waiting for their acknowledgement.
struct ProducerBatch: Sendable {
    let partition: TopicPartition
    /// When the batch was opened; it is due once its linger has passed.
    let opened: ContinuousClock.Instant
    private(set) var records: [Record] = []
    /// What the broker answered, for the records' deliveries.
    let outcome = BatchOutcome()
    /// About how many bytes the batch takes on the wire.
    private(set) var bytes = RecordBatch.headerSize
    private var baseTimestamp: Int64 = 0
    /// The idempotent producer's sequence of the first record, set when first sent; -1 otherwise.
    var baseSequence: Int32 = -1
    /// The idempotent producer's id and epoch the sequence belongs to; -1 otherwise.
    var producerID: Int64 = -1
    var producerEpoch: Int16 = -1

    init(partition: TopicPartition, opened: ContinuousClock.Instant = .now) {
        self.partition = partition
        self.opened = opened
    }

    /// Adds a record (time-stamped now); returns its delivery.
    mutating func append(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader]) -> Delivery {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if records.isEmpty { baseTimestamp = now }
        records.append(Record(timestampDelta: max(0, now - baseTimestamp), offsetDelta: Int32(records.count),
                              key: key, value: value, headers: headers))
        bytes += Self.estimatedSize(key: key, value: value, headers: headers)
        return Delivery(outcome: outcome, partition: partition.partition, index: Int32(records.count - 1))
    }

    /// A record's size on the wire, near enough (varints counted at their longest).
    static func estimatedSize(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader]) -> Int {
        21 + (key?.count ?? 0) + (value?.count ?? 0)
            + headers.reduce(0) { $0 + 10 + $1.key.utf8.count + ($1.value?.count ?? 0) }
    }

    /// The batch in wire format, with its producer id, epoch and sequence (-1 if not idempotent).
    func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        RecordBatch(baseTimestamp: baseTimestamp, producerID: producerID, producerEpoch: producerEpoch,
                    baseSequence: baseSequence, records: records).write(to: &buffer)
        return buffer
    }

    /// Tells every record's delivery its offset: `baseOffset` + its place (-1 for all with acks = 0).
    func succeed(baseOffset: Int64) {
        outcome.complete(.success(baseOffset))
    }

    /// Fails every record's delivery with `error`.
    func fail(_ error: any Error) {
        outcome.complete(.failure(error))
    }
}
