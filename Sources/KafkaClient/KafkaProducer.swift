import KafkaProtocol
import NIOPosix

/// Sends records to Kafka topics.
///
/// `send` picks the partition (the one given, else by key with Kafka's
/// murmur2 partitioner, else sticky round robin), adds the record to that
/// partition's open batch and returns once the batch is acknowledged. A
/// batch is sent when it holds `batchBytes` or when it has waited `linger`.
/// A partition's records keep their order, also across retries: without
/// idempotence it has one batch in flight at a time; with it, up to
/// `maxInFlightPerPartition`, written in order, and after a failure sent
/// again in order (the broker refuses a batch that overtook a missing one).
/// Batches of different partitions are pipelined on the leader's connection.
///
///     let producer = try KafkaProducer(configuration: .init(bootstrapServers: ["127.0.0.1:9092"]))
///     let (partition, offset) = try await producer.send(topic: "chirps", key: Array("k".utf8), value: Array("v".utf8))
///     try await producer.close()
public actor KafkaProducer {
    /// Counters for observing the producer (tests, dashboards).
    public struct Statistics: Sendable, Hashable {
        /// Produce requests answered without error (or written, with acks = 0).
        public var batchesSent = 0
        /// Attempts that failed with a retriable error and were tried again.
        public var retries = 0
        /// The most batches one partition had in flight at once.
        public var peakInFlight = 0
    }

    /// The configuration the producer was made with.
    public nonisolated let configuration: ProducerConfiguration
    /// What the producer has done so far.
    public private(set) var statistics = Statistics()
    private let cluster: KafkaCluster
    private var partitioner = Partitioner()
    /// Each topic's partition count, as last seen in Metadata.
    private var partitionCounts: [String: Int] = [:]
    /// The batch each partition is filling.
    private var open: [TopicPartition: ProducerBatch] = [:]
    /// Full batches waiting for their partition's batch in flight.
    private var full: [TopicPartition: [ProducerBatch]] = [:]
    /// Batches of each partition sent and not yet settled.
    private var inFlight: [TopicPartition: Int] = [:]
    /// The newest batch of each partition in flight: the next is numbered
    /// and written after it is written, and retried after it is settled.
    private var newest: [TopicPartition: SendTurn] = [:]
    /// Set while `flush` runs: open batches are due at once.
    private var flushing = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var isClosed = false
    private var producerIdentity: (id: Int64, epoch: Int16)?
    private var nextSequence: [TopicPartition: Int32] = [:]

    /// A producer for the cluster at `configuration.bootstrapServers`; it
    /// connects on first use. Throws if a bootstrap server is not `host:port`.
    public init(configuration: ProducerConfiguration) throws {
        self.configuration = configuration
        cluster = try KafkaCluster(bootstrapServers: configuration.bootstrapServers, connection: configuration.connection,
                                   allowAutoTopicCreation: configuration.allowAutoTopicCreation)
    }

    /// Sends one record and returns its partition and offset once the broker
    /// acknowledged it (offset -1 with acks = 0: nothing is acknowledged).
    /// - Parameters:
    ///   - partition: the partition to use; nil lets the partitioner choose.
    /// - Throws: `KafkaClientError` when the batch failed after its retries,
    ///   the partition does not exist, or the producer is closed.
    @discardableResult
    public func send(topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [RecordHeader] = [],
                     partition: Int32? = nil) async throws -> (partition: Int32, offset: Int64) {
        try await enqueue(topic: topic, key: key, value: value, headers: headers, partition: partition).acknowledged()
    }

    /// Adds one record to its partition's batch and returns without waiting
    /// for the broker: records enqueued one after another from one task keep
    /// that order in their partition. `Delivery.acknowledged()` waits for the answer.
    /// - Throws: `KafkaClientError` when the topic's metadata cannot be had,
    ///   the partition does not exist, or the producer is closed.
    public func enqueue(topic: String, key: [UInt8]? = nil, value: [UInt8]?, headers: [RecordHeader] = [],
                        partition: Int32? = nil) async throws -> Delivery {
        guard !isClosed else { throw KafkaClientError.closed }
        let partitionCount = try await partitionCount(of: topic)
        let index = partition ?? partitioner.partition(topic: topic, key: key, partitionCount: partitionCount)
        let target = TopicPartition(topic, index)
        guard index >= 0, Int(index) < partitionCount else { throw KafkaClientError.unknownPartition(target) }
        guard !isClosed else { throw KafkaClientError.closed }
        let delivery = append(to: target, key: key, value: value, headers: headers, partitionCount: partitionCount)
        dispatch(target)
        return delivery
    }

    /// Adds records to their partitions' batches in one call (one metadata
    /// lookup, one hop onto the producer), in order; the deliveries are in
    /// the records' order. For a caller with many records at once.
    /// - Throws: like `enqueue(topic:key:value:headers:partition:)`.
    public func enqueue(topic: String, records: [(key: [UInt8]?, value: [UInt8]?)]) async throws -> [Delivery] {
        guard !isClosed else { throw KafkaClientError.closed }
        let partitionCount = try await partitionCount(of: topic)
        guard !isClosed else { throw KafkaClientError.closed }
        var deliveries: [Delivery] = []
        deliveries.reserveCapacity(records.count)
        var touched: Set<TopicPartition> = []
        for record in records {
            let index = partitioner.partition(topic: topic, key: record.key, partitionCount: partitionCount)
            let target = TopicPartition(topic, index)
            deliveries.append(append(to: target, key: record.key, value: record.value, headers: [], partitionCount: partitionCount))
            touched.insert(target)
        }
        for target in touched { dispatch(target) }
        return deliveries
    }

    /// Sends every batch now, without waiting for `linger`, and returns when
    /// nothing is left to send or waiting for an acknowledgement.
    public func flush() async {
        flushing += 1
        defer { flushing -= 1 }
        for partition in Array(open.keys) { dispatch(partition) }
        await waitUntilIdle()
    }

    /// Flushes, then closes every connection. Later sends throw `KafkaClientError.closed`.
    public func close() async {
        await flush()
        isClosed = true
        await cluster.close()
    }

    // MARK: Batching

    /// Adds a record to the partition's open batch (opening one if needed);
    /// a batch that reaches `batchBytes` joins the full ones. The caller dispatches.
    private func append(to target: TopicPartition, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader],
                        partitionCount: Int) -> Delivery {
        var batch = open.removeValue(forKey: target) ?? startBatch(target)
        let delivery = batch.append(key: key, value: value, headers: headers)
        if batch.bytes >= configuration.batchBytes {
            full[target, default: []].append(batch)
            partitioner.batchClosed(target, partitionCount: partitionCount)
        } else {
            open[target] = batch
        }
        return delivery
    }

    private func startBatch(_ partition: TopicPartition) -> ProducerBatch {
        let batch = ProducerBatch(partition: partition)
        let linger = configuration.linger
        if linger > .zero {
            Task {
                try? await Task.sleep(for: linger)
                self.dispatch(partition)
            }
        }
        return batch
    }

    /// Sends the partition's ready batches (full, or open and past their
    /// linger, or flushing) while it has fewer than its limit in flight.
    private func dispatch(_ partition: TopicPartition) {
        while inFlight[partition, default: 0] < inFlightLimit, let batch = takeReady(partition) {
            inFlight[partition, default: 0] += 1
            statistics.peakInFlight = max(statistics.peakInFlight, inFlight[partition]!)
            let turn = SendTurn()
            let previous = newest[partition]
            newest[partition] = turn
            Task { await self.transmit(batch, after: previous, turn: turn) }
        }
    }

    /// The partition's next batch to send, if one is ready.
    private func takeReady(_ partition: TopicPartition) -> ProducerBatch? {
        if var queue = full[partition], !queue.isEmpty {
            let batch = queue.removeFirst()
            full[partition] = queue.isEmpty ? nil : queue
            return batch
        }
        if let candidate = open[partition], flushing > 0 || ContinuousClock.now >= candidate.opened + configuration.linger {
            open[partition] = nil
            partitioner.batchClosed(partition, partitionCount: partitionCounts[partition.topic] ?? 0)
            return candidate
        }
        return nil
    }

    /// Batches a partition may have in flight: one until the producer has
    /// its id (and always without idempotence), then `maxInFlightPerPartition`.
    private var inFlightLimit: Int {
        guard configuration.idempotent, producerIdentity != nil else { return 1 }
        return max(1, min(ProducerConfiguration.maxInFlightWithIdempotence, configuration.maxInFlightPerPartition))
    }

    private func waitUntilIdle() async {
        guard !isIdle else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private var isIdle: Bool { open.isEmpty && full.isEmpty && inFlight.isEmpty }

    // MARK: Sending

    /// Sends one batch after the partition's previous one is written,
    /// retrying (after the previous one is settled), then tells its waiters
    /// and moves the partition on.
    private func transmit(_ batch: ProducerBatch, after previous: SendTurn?, turn: SendTurn) async {
        var batch = batch
        await previous?.written.wait()
        do {
            try await assignSequence(&batch)  // numbered in the order written
            let baseOffset = try await configuration.retry.run({
                try await produce(batch, written: { turn.written.open() })
            }, alsoRetrying: \.isOutOfOrderSequence, onRetry: { error in
                turn.written.open()
                if error.isOutOfOrderSequence { statistics.retries += 1 } else { await noteRetry(after: error) }
                await previous?.settled.wait()  // retries in order: after every earlier batch
                if error.isOutOfOrderSequence, batch.producerID != producerIdentity?.id {
                    // The id was dropped when an earlier batch failed for good, leaving a gap in
                    // its sequence. The broker refused this batch, so it is not in the log and
                    // may be numbered afresh under a new id.
                    batch.baseSequence = -1
                    try await assignSequence(&batch)
                }
            })
            statistics.batchesSent += 1
            batch.succeed(baseOffset: baseOffset)
        } catch {
            batch.fail(error)
            if configuration.idempotent, batch.producerID == producerIdentity?.id {
                // Its sequence numbers may be missing from the log for good: later batches
                // would be refused as out of order forever. Start again under a new id (Kafka bumps the epoch).
                producerIdentity = nil
                nextSequence = [:]
            }
        }
        turn.written.open()
        turn.settled.open()
        inFlight[batch.partition, default: 1] -= 1
        if inFlight[batch.partition] == 0 { inFlight[batch.partition] = nil }
        if newest[batch.partition] === turn { newest[batch.partition] = nil }
        dispatch(batch.partition)
        if isIdle {
            let waiters = idleWaiters
            idleWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }

    /// One Produce request for one batch; returns the base offset (-1 with acks = 0).
    /// `written` runs once the request has its place on the connection.
    private func produce(_ batch: ProducerBatch, written: @escaping @Sendable () -> Void) async throws -> Int64 {
        let connection = try await cluster.leaderConnection(for: batch.partition)
        let request = Produce.Request(
            acks: configuration.acks.rawValue, timeoutMs: Int32(configuration.produceTimeout.components.seconds * 1000),
            topics: [.init(name: batch.partition.topic, partitions: [
                .init(index: batch.partition.partition,
                      records: batch.encoded()),
            ])])
        guard configuration.acks != .none else {
            try await connection.sendWithoutResponse(request)
            written()
            return -1
        }
        let response = try await connection.send(request, written: written)
        guard let result = response.topics.first(where: { $0.name == batch.partition.topic })?
            .partitions.first(where: { $0.index == batch.partition.partition }) else {
            throw KafkaClientError.protocolViolation("Produce response without partition \(batch.partition)")
        }
        switch result.errorCode {
        case .none: return result.baseOffset
        default:
            throw KafkaClientError.broker(result.errorCode, context: "Produce to \(batch.partition)"
                                          + (result.errorMessage.map { " (\($0))" } ?? ""))
        }
    }

    /// The topic's partition count: known since the last Metadata, else asked
    /// (and forgotten on any retriable error, with the cluster's metadata).
    private func partitionCount(of topic: String) async throws -> Int {
        if let known = partitionCounts[topic] { return known }
        let metadata = try await configuration.retry.run({ try await cluster.metadata(of: topic) },
                                                         onRetry: { await self.noteRetry(after: $0) })
        partitionCounts[topic] = metadata.partitionCount
        return metadata.partitionCount
    }

    private func noteRetry(after error: KafkaClientError) async {
        statistics.retries += 1
        partitionCounts = [:]
        await cluster.invalidate(after: error)
    }

    // MARK: Idempotence

    /// With idempotence: gets a producer id once, and numbers the batch
    /// (once: a retry keeps its sequence, so the broker can drop a duplicate).
    private func assignSequence(_ batch: inout ProducerBatch) async throws {
        guard configuration.idempotent, batch.baseSequence < 0 else { return }
        if producerIdentity == nil {
            let response = try await configuration.retry.run({
                try await cluster.anyConnection().send(InitProducerID.Request(transactionTimeoutMs: 60_000))
            }, onRetry: { await self.noteRetry(after: $0) })
            guard response.errorCode == .none else {
                throw KafkaClientError.broker(response.errorCode, context: "InitProducerId")
            }
            if producerIdentity == nil { producerIdentity = (response.producerID, response.producerEpoch) }
        }
        guard let identity = producerIdentity else { return }
        let sequence = nextSequence[batch.partition, default: 0]
        (batch.producerID, batch.producerEpoch) = identity
        batch.baseSequence = sequence
        nextSequence[batch.partition] = sequence &+ Int32(batch.records.count)
    }
}

/// One batch's place in its partition's order: `written` opens once its
/// request is on the connection (the next batch may be written), `settled`
/// once it succeeded or failed for good (the next may be retried).
final class SendTurn: Sendable {
    let written = Latch()
    let settled = Latch()
}
