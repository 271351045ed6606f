import Contracts

/// What a partition remembers of one idempotent producer (Kafka's
/// `ProducerStateEntry`): its epoch and its last five batches. A producer
/// may have five batches in flight per partition; when a connection drops
/// it sends them all again, so any of the five may come back, and each must
/// be answered with its first offsets instead of being appended twice.
/// A batch whose first sequence is not the one after the last batch's
/// skipped one that is not in the log (it failed, and this one overtook
/// it): it is refused with OUT_OF_ORDER_SEQUENCE_NUMBER, and the producer
/// sends it again after the missing one.
struct ProducerState: Sendable {
    /// One batch appended for the producer.
    struct Batch: Sendable, Equatable, Codable {
        var firstSequence: Int32
        var lastSequence: Int32
        var baseOffset: Int64
        var lastOffset: Int64
    }

    /// What to do with a producer's batch.
    enum Verdict: Equatable {
        case append
        /// Already in the log: answer with that batch's offsets.
        case duplicate(Batch)
        /// A sequence number was skipped; `expected` is the next one.
        case outOfOrder(expected: Int32)
    }

    /// How many batches are remembered: Kafka's max.in.flight.requests.per.connection with idempotence.
    static let retainedBatches = 5

    private(set) var epoch: Int16
    private(set) var batches: [Batch] = []

    init(epoch: Int16, batches: [Batch] = []) {
        self.epoch = epoch
        self.batches = Array(batches.suffix(Self.retainedBatches))
    }

    /// The sequence number after `sequence` (it wraps to 0 after Int32.max, as in Kafka).
    static func successor(of sequence: Int32) -> Int32 {
        sequence == .max ? 0 : sequence + 1
    }

    /// The last sequence of a batch that starts at `first` and holds `lastOffsetDelta + 1` records.
    static func lastSequence(first: Int32, lastOffsetDelta: Int32) -> Int32 {
        Int32(truncatingIfNeeded: (Int64(first) + Int64(lastOffsetDelta)) % (Int64(Int32.max) + 1))
    }

    /// Whether a batch of this producer (at `epoch`, sequences `first...last`) is new, a retry, or early.
    /// Another epoch starts afresh: its batches are not compared with this one's.
    func verdict(epoch: Int16, first: Int32, last: Int32) -> Verdict {
        guard epoch == self.epoch, let newest = batches.last else { return .append }
        if let earlier = batches.first(where: { $0.firstSequence == first && $0.lastSequence == last }) {
            return .duplicate(earlier)
        }
        let expected = Self.successor(of: newest.lastSequence)
        return first == expected ? .append : .outOfOrder(expected: expected)
    }

    /// Remembers a batch appended for the producer (forgetting the oldest past five,
    /// and everything of an older epoch).
    mutating func appended(_ batch: Batch, epoch: Int16) {
        if epoch != self.epoch {
            self.epoch = epoch
            batches = []
        }
        batches.append(batch)
        if batches.count > Self.retainedBatches { batches.removeFirst(batches.count - Self.retainedBatches) }
    }
}

/// A producer's batch skipped a sequence number (Kafka's OUT_OF_ORDER_SEQUENCE_NUMBER).
struct OutOfOrderSequence: Error, CustomStringConvertible {
    let producerID: Int64
    let expected: Int32
    let got: Int32

    var description: String {
        "producer \(producerID) sent sequence \(got), expected \(expected): an earlier batch is missing"
    }
}
