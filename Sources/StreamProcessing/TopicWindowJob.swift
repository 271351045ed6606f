import Contracts
import Foundation
import KafkaClient

/// A windowed job over a Kafka topic: `trending` (hashtags, sliding windows,
/// top K per window) and `spam` (posts per user, users over a threshold).
///
/// Each poll is a micro-batch: its records are split across the cores,
/// parsed and counted into partial windowed counts, merged; the watermark
/// moves; closed windows become results, produced to the output topic (and
/// acknowledged). At most once per `checkpointInterval` (Flink's checkpoint
/// interval), after a micro-batch, a checkpoint records the consumed offsets
/// and the open windows together. State and offsets are exactly-once: a
/// restart restores both and reads again what came after. Results are
/// at-least-once (a crash before the next checkpoint sends those windows'
/// results again — consumers key them by window).
public struct TopicWindowJob {
    /// What a job counts and emits.
    public enum Kind: String, Sendable {
        /// Hashtags of posts; the top K of each window to the output topic.
        case trending
        /// Posts per user; users over `threshold` in a window get a verdict.
        case spam
    }

    /// How the input topic's values are written.
    public enum ValueFormat: String, Sendable {
        /// Chirp events (the API's `chirps` topic).
        case chirp
        /// `window-topk` lines: `{"user_id":..,"hashtag":..,"ts":..}`.
        case json
        /// `window-topk` CSV lines.
        case csv
    }

    public struct Options: Sendable {
        public var kind: Kind
        public var bootstrapServers: [String]
        public var topic = "chirps"
        public var valueFormat = ValueFormat.chirp
        public var window: WindowSpec
        public var maxOutOfOrderness: Int64 = 10_000
        public var top = 10
        /// spam: more posts than this in one window is spam.
        public var threshold: Int64 = 30
        /// Where results go (nil: only the output file / stdout).
        public var outputTopic: String?
        /// Results as JSON lines, appended (nil: none).
        public var outputFile: String?
        /// A CQL server (HOST:PORT) whose table `cqlTable` gets the results too (nil: none).
        public var cqlAddress: String?
        /// `keyspace.table` for the CQL sink (default: box.trending or box.moderation).
        public var cqlTable: String?
        public var checkpointDirectory: String
        public var parallelism = ProcessInfo.processInfo.activeProcessorCount
        /// Stop (closing every window) after this long without records: the
        /// end of a bounded topic. nil runs until cancelled.
        public var stopWhenIdle: Duration?
        /// The most bytes one fetch takes from one partition (Kafka's
        /// `max.partition.fetch.bytes`): big fetches make big micro-batches.
        public var maxPartitionFetchBytes = 16 << 20
        /// The least time between two checkpoints. A checkpoint encodes
        /// every open window and fsyncs it: written after every micro-batch,
        /// it took half of a live job's CPU. A crash costs re-reading at most
        /// this long of records. `.zero` checkpoints every micro-batch.
        public var checkpointInterval: Duration = .seconds(1)

        public init(kind: Kind, bootstrapServers: [String], window: WindowSpec, checkpointDirectory: String) {
            self.kind = kind
            self.bootstrapServers = bootstrapServers
            self.window = window
            self.checkpointDirectory = checkpointDirectory
        }
    }

    public let lab: any StreamingLab
    public let options: Options

    public init(lab: any StreamingLab, options: Options) {
        self.lab = lab
        self.options = options
    }

    /// Runs until idle for `stopWhenIdle` (or cancelled); `progress` is called about once a second.
    @discardableResult
    public func run(progress: (@Sendable (JobMetrics) -> Void)? = nil) async throws -> JobMetrics {
        var metrics = JobMetrics(job: options.kind.rawValue)
        let directory = URL(fileURLWithPath: options.checkpointDirectory)
        let checkpoint = try lab.latestCheckpoint(in: directory)
        try CheckpointMetadata(job: options.kind.rawValue, source: "topic \(options.topic)", window: options.window)
            .check(in: directory, restoring: checkpoint != nil)
        let state = lab.makeWindowedCounts(options.window, maxOutOfOrderness: options.maxOutOfOrderness, watermark: .min)
        var batchId: Int64 = 0
        if let checkpoint {
            try state.restore(openWindows: checkpoint.openWindows, watermark: checkpoint.watermark,
                              maxEventTime: checkpoint.maxEventTime, lateEvents: checkpoint.lateEvents)
            batchId = checkpoint.batchId
            metrics.resumedFromBatch = batchId
            metrics.malformed = checkpoint.malformedRecords
        }

        var consumerConfig = ConsumerConfiguration(bootstrapServers: options.bootstrapServers)
        consumerConfig.maxWait = .milliseconds(200)
        consumerConfig.partitionMaxBytes = Int32(clamping: options.maxPartitionFetchBytes)
        consumerConfig.maxBytes = max(64 << 20, consumerConfig.partitionMaxBytes)
        let consumer = try KafkaConsumer(configuration: consumerConfig)
        let partitions = try await consumer.partitions(of: options.topic)
        await consumer.assign(partitions)
        for partition in partitions {
            let next = checkpoint?.sourceOffsets[partition.description]
            try await consumer.seek(partition, to: next.map { .offset($0) } ?? .beginning)
        }
        var offsets = checkpoint?.sourceOffsets ?? [:]
        let producer = try options.outputTopic.map { _ in
            try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: options.bootstrapServers))
        }
        let output = try options.outputFile.map { try LogFile(at: URL(fileURLWithPath: $0)) }
        // The file holds the results up to the checkpoint: what a crash left
        // after it is cut, as those batches are read again (a fresh start: all of it).
        if let output, output.size > Int(checkpoint?.outputLength ?? 0) { try output.truncate(to: Int(checkpoint?.outputLength ?? 0)) }
        var sink: CQLSink?
        if let address = options.cqlAddress {
            sink = try await CQLSink.open(address: address, table: options.cqlTable ?? (options.kind == .trending ? "box.trending" : "box.moderation"),
                                          kind: options.kind)
        }
        defer {
            let producer = producer
            let sink = sink
            Task { await consumer.close(); await producer?.close(); await sink?.close() }
        }

        var partitionMaxima: [TopicPartition: Int64] = [:]
        let started = ContinuousClock.now
        var lastRecord = ContinuousClock.now
        var lastReport = started
        var lastCheckpoint = started
        var checkpointed = batchId
        /// The open windows and the offsets consumed so far, as of micro-batch `batchId`.
        func writeCheckpoint() throws {
            try lab.writeCheckpoint(StreamCheckpoint(
                batchId: batchId, sourceOffsets: offsets, outputLength: Int64(output?.size ?? 0),
                watermark: state.watermark, maxEventTime: state.maxEventTime, openWindows: state.openWindows,
                lateEvents: state.lateEvents, malformedRecords: metrics.malformed), in: directory)
            lastCheckpoint = ContinuousClock.now
            checkpointed = batchId
        }
        // While a batch is counted (on every core), the next one is fetched
        // and decoded: the consumer's decoding overlaps the counting. Only
        // after a batch with records, so that an idle stop leaves none behind.
        var prefetched: Task<[FetchedBatch], any Error>?
        defer { prefetched?.cancel() }
        while !Task.isCancelled {
            let batches: [FetchedBatch]
            if let next = prefetched {
                batches = try await next.value
                prefetched = nil
            } else {
                batches = try await consumer.pollBatches()
            }
            if batches.isEmpty {
                if let idle = options.stopWhenIdle, ContinuousClock.now - lastRecord >= idle { break }
                // No records now: the micro-batches since the last checkpoint get theirs once it is due.
                if checkpointed < batchId, ContinuousClock.now - lastCheckpoint >= options.checkpointInterval {
                    try writeCheckpoint()
                }
                continue
            }
            prefetched = Task { try await consumer.pollBatches() }
            batchId += 1
            let (events, malformed, batchMaxima) = try count(batches, into: state)
            metrics.events += events
            metrics.malformed += malformed
            var next: [TopicPartition: Int64] = [:]
            for batch in batches { next[batch.partition] = max(next[batch.partition] ?? 0, batch.nextOffset) }
            for (partition, offset) in next { offsets[partition.description] = offset }
            // Per-partition watermarks, as Flink's Kafka source keeps them: each
            // partition is in order up to the bound, but partitions are read at
            // different paces, so the watermark follows the partition furthest
            // behind (the smallest of the partitions' newest event times).
            // Partitions without records yet do not hold it back.
            partitionMaxima.merge(batchMaxima, uniquingKeysWith: max)
            if let behind = partitionMaxima.values.min() {
                try state.restore(openWindows: state.openWindows, watermark: state.watermark, maxEventTime: behind,
                                  lateEvents: state.lateEvents)
            }
            try state.advanceWatermark()
            try await emit(try state.closeWindows(), producer: producer, sink: sink, output: output, metrics: &metrics)
            if ContinuousClock.now - lastCheckpoint >= options.checkpointInterval { try writeCheckpoint() }
            metrics.batches += 1
            lastRecord = ContinuousClock.now
            metrics.late = state.lateEvents
            metrics.watermark = state.watermark
            metrics.maxEventTime = state.maxEventTime
            metrics.elapsed = ContinuousClock.now - started
            if let progress, ContinuousClock.now - lastReport >= .seconds(1) {
                lastReport = ContinuousClock.now
                progress(metrics)
            }
        }
        // Idle: the topic is drained; every window is complete. The time
        // reported is the processing time, up to the last records (not the idle wait).
        let processed = lastRecord
        let closed = try state.closeAll()
        try await emit(closed, producer: producer, sink: sink, output: output, metrics: &metrics)
        // The windows just emitted are final: the checkpoint's watermark moves
        // past their ends, so that a rerun over newer records counts events
        // for them as late instead of emitting those windows a second time.
        let closedUntil = closed.map { $0.start + options.window.size }.max() ?? state.watermark
        try lab.writeCheckpoint(StreamCheckpoint(
            batchId: batchId + 1, sourceOffsets: offsets, outputLength: Int64(output?.size ?? 0),
            watermark: max(state.watermark, closedUntil), maxEventTime: state.maxEventTime, openWindows: [],
            lateEvents: state.lateEvents, malformedRecords: metrics.malformed), in: directory)
        metrics.late = state.lateEvents
        metrics.elapsed = processed - started
        return metrics
    }

    /// One poll's batches: decoded, parsed and counted on every core (each
    /// core takes a run of whole batches of about equal bytes), merged in order.
    private func count(_ batches: [FetchedBatch], into state: any WindowedCounting) throws
        -> (events: Int64, malformed: Int64, maxima: [TopicPartition: Int64])
    {
        let total = batches.reduce(0) { $0 + $1.bytes.readableBytes }
        let parts = max(1, min(options.parallelism * 2, batches.count, total / (64 << 10)))
        var bounds = [0]
        var bytes = 0
        for (i, batch) in batches.enumerated() {
            bytes += batch.bytes.readableBytes
            if bounds.count < parts && bytes >= total * bounds.count / parts { bounds.append(i + 1) }
        }
        if bounds.last != batches.count { bounds.append(batches.count) }
        let watermark = state.watermark
        let partials = try ParallelWork.map(bounds.count - 1) { part in
            try countPart(batches[bounds[part]..<bounds[part + 1]], watermark: watermark)
        }
        var events: Int64 = 0, malformed: Int64 = 0
        var maxima: [TopicPartition: Int64] = [:]
        for partial in partials {
            try state.merge(partial.counts)
            events += partial.events
            malformed += partial.malformed
            maxima.merge(partial.maxima, uniquingKeysWith: max)
        }
        return (events, malformed, maxima)
    }

    private func countPart(_ batches: ArraySlice<FetchedBatch>, watermark: Int64) throws
        -> (counts: any WindowedCounting, events: Int64, malformed: Int64, maxima: [TopicPartition: Int64])
    {
        let counts = lab.makeWindowedCounts(options.window, maxOutOfOrderness: options.maxOutOfOrderness, watermark: watermark)
        var malformed: Int64 = 0, events: Int64 = 0
        var failure: (any Error)?
        let kind = options.kind, format = options.valueFormat
        // A record's value → the (key, event time) pairs it counts for.
        let keys: Operator<UnsafeRawBufferPointer, (String, Int64)>
        switch format {
        case .chirp:
            keys = try lab.flatMap { (value: UnsafeRawBufferPointer) -> [(String, Int64)] in
                guard let event = try? ChirpEvent(json: Array(value)) else {
                    malformed += 1
                    return []
                }
                guard case .post = event.action else { return [] }
                switch kind {
                case .trending: return event.hashtags.map { ($0, event.ts) }
                case .spam: return [(String(event.user), event.ts)]
                }
            }
        case .json, .csv:
            // One pair per record at most: map to an optional and filter,
            // with no array per record.
            let lines: InputFormat = format == .json ? .json : .csv
            let parse = try lab.map { (value: UnsafeRawBufferPointer) -> (String, Int64)? in
                switch HashtagEventParser.parse(value, format: lines) {
                case .event(let event): return (kind == .trending ? event.hashtag : String(event.userId), event.ts)
                case .skip: return nil
                case .malformed:
                    malformed += 1
                    return nil
                }
            }
            keys = try lab.chain(try lab.chain(parse, try lab.filter { $0 != nil }), try lab.map { $0! })
        }
        let process = keys.process
        // The newest event time of each partition.
        var maxima: [TopicPartition: Int64] = [:]
        for batch in batches {
            var newest = Int64.min
            try batch.forEachRecord { _, _, value in
                guard let value else {
                    malformed += 1
                    return
                }
                process(value) { key, ts in
                    guard failure == nil else { return }
                    events += 1
                    if ts > newest { newest = ts }
                    do { try counts.add(key, at: ts) } catch { failure = error }
                }
            }
            if let failure { throw failure }
            if newest != .min { maxima[batch.partition] = max(maxima[batch.partition] ?? .min, newest) }
        }
        return (counts, events, malformed, maxima)
    }

    /// Results of closed windows: to the CQL table, the output topic
    /// (waiting for the acknowledgements) and the output file.
    private func emit(_ windows: [WindowState], producer: KafkaProducer?, sink: CQLSink?, output: LogFile?,
                      metrics: inout JobMetrics) async throws {
        guard !windows.isEmpty else { return }
        metrics.windows += Int64(windows.count)
        var results: [(key: String, json: String)] = []
        for window in windows {
            let end = window.start + options.window.size
            switch options.kind {
            case .trending:
                let ranked = try lab.topK(window.counts, k: options.top)
                for (rank, entry) in ranked.enumerated() {
                    results.append((entry.key, #"{"window_start":\#(window.start),"window_end":\#(end),"rank":\#(rank + 1),"hashtag":\#(jsonString(entry.key)),"count":\#(entry.count)}"#))
                }
                try await sink?.writeTrending(windowStart: window.start, windowEnd: end, ranked: ranked.map { ($0.key, $0.count) })
            case .spam:
                let spammers = window.counts.filter { $0.value > options.threshold }.map { RankedKey($0.key, $0.value) }
                    .sorted(by: RankedKey.ranksBefore)
                for entry in spammers {
                    results.append((entry.key, #"{"user":\#(entry.key),"verdict":"throttle","posts":\#(entry.count),"threshold":\#(options.threshold),"window_start":\#(window.start),"window_end":\#(end)}"#))
                }
                try await sink?.writeVerdicts(windowStart: window.start, windowEnd: end, users: spammers.map { ($0.key, $0.count) },
                                              threshold: options.threshold)
            }
        }
        if let producer, let topic = options.outputTopic {
            var deliveries: [Delivery] = []
            for result in results {
                deliveries.append(try await producer.enqueue(topic: topic, key: Array(result.key.utf8), value: Array(result.json.utf8)))
            }
            await producer.flush()
            for delivery in deliveries { _ = try await delivery.acknowledged() }
        }
        if let output {
            try output.append(Array(results.map { $0.json + "\n" }.joined().utf8))
            try output.sync()
        }
    }

    private func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
