import Contracts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `window-topk`: events per hashtag per event-time window, the top K of
/// every window written as TSV — `window_start_ms, rank, hashtag, count`,
/// windows ascending — with a checkpoint after every micro-batch, so a job
/// killed at any moment and started again writes exactly the same output.
public struct WindowTopKJob {
    public struct Options: Sendable {
        /// A file, or a directory of files read in name order.
        public var input: String
        public var format: InputFormat
        public var window: WindowSpec
        /// How far behind the largest event time seen the watermark trails (ms).
        public var maxOutOfOrderness: Int64 = 10_000
        public var top = 10
        /// The TSV output file.
        public var output: String
        /// Where checkpoints go; by default next to the output (`<output>.checkpoints`).
        public var checkpointDirectory: String?
        /// The size of a micro-batch, in bytes of input.
        public var batchBytes = 8 << 20
        /// Worker threads per micro-batch (cores).
        public var parallelism = ProcessInfo.processInfo.activeProcessorCount
        /// For tests: stop with `SimulatedCrash` after writing this batch's
        /// output and before its checkpoint (the worst moment to crash).
        public var crashAfterBatch: Int64?

        public init(input: String, format: InputFormat, window: WindowSpec, output: String) {
            self.input = input
            self.format = format
            self.window = window
            self.output = output
        }

        var checkpoints: URL { URL(fileURLWithPath: checkpointDirectory ?? output + ".checkpoints") }
    }

    /// For the kill -9 test: the batch after whose results (and before whose
    /// checkpoint) the job sends itself SIGKILL (`BOX_STREAM_KILL_BEFORE_CHECKPOINT`),
    /// so that a real kill -9 lands there on any machine, with no race.
    static let killBeforeCheckpoint: Int64? = ProcessInfo.processInfo.environment["BOX_STREAM_KILL_BEFORE_CHECKPOINT"].flatMap { Int64($0) }

    /// Thrown where `crashAfterBatch` asks for it.
    public struct SimulatedCrash: Error {}

    public let lab: any StreamingLab
    public let options: Options

    public init(lab: any StreamingLab, options: Options) {
        self.lab = lab
        self.options = options
    }

    /// Runs the job to the end of its input (or resumes it from its last
    /// checkpoint), and says what it did.
    @discardableResult
    public func run(progress: ((JobMetrics) -> Void)? = nil) throws -> JobMetrics {
        var metrics = JobMetrics(job: "window-topk")
        let checkpoint = try lab.latestCheckpoint(in: options.checkpoints)
        try CheckpointMetadata(job: "window-topk", source: "input \(URL(fileURLWithPath: options.input).standardizedFileURL.path)", window: options.window)
            .check(in: options.checkpoints, restoring: checkpoint != nil)
        if let checkpoint, checkpoint.finished {
            metrics.resumedFromBatch = checkpoint.batchId
            metrics.finishedEarlier = true
            return metrics
        }
        let output = try LogFile(at: URL(fileURLWithPath: options.output))
        let keep = Int(checkpoint?.outputLength ?? 0)
        guard output.size >= keep else {
            throw StreamJobError.output("\(options.output) is shorter (\(output.size) bytes) than its checkpoint says (\(keep)): it was changed outside the job")
        }
        try output.truncate(to: keep)

        let source = try LineSource(path: options.input, chunkBytes: options.batchBytes,
                                    offsets: checkpoint?.sourceOffsets ?? [:])
        let state = lab.makeWindowedCounts(options.window, maxOutOfOrderness: options.maxOutOfOrderness, watermark: .min)
        var batchId: Int64 = 0
        if let checkpoint {
            try state.restore(openWindows: checkpoint.openWindows, watermark: checkpoint.watermark,
                              maxEventTime: checkpoint.maxEventTime, lateEvents: checkpoint.lateEvents)
            batchId = checkpoint.batchId
            metrics.malformed = checkpoint.malformedRecords
            metrics.resumedFromBatch = batchId
        }

        let started = ContinuousClock.now
        var lastReport = started
        var sourceOffsets = source.offsets
        let chunks = ChunkPrefetcher(source)
        while let (chunk, offsets) = try chunks.next() {
            sourceOffsets = offsets
            batchId += 1
            let (events, malformed) = try process(chunk, into: state)
            metrics.events += events
            metrics.malformed += malformed
            try state.advanceWatermark()
            let closed = try state.closeWindows()
            try write(closed, to: output, metrics: &metrics)
            if options.crashAfterBatch == batchId { throw SimulatedCrash() }
            if Self.killBeforeCheckpoint == batchId { kill(getpid(), SIGKILL) }
            try lab.writeCheckpoint(StreamCheckpoint(
                batchId: batchId, sourceOffsets: sourceOffsets, outputLength: Int64(output.size),
                watermark: state.watermark, maxEventTime: state.maxEventTime, openWindows: state.openWindows,
                lateEvents: state.lateEvents, malformedRecords: metrics.malformed), in: options.checkpoints)
            metrics.batches += 1
            metrics.watermark = state.watermark
            metrics.maxEventTime = state.maxEventTime
            metrics.late = state.lateEvents
            metrics.elapsed = ContinuousClock.now - started
            if let progress, ContinuousClock.now - lastReport >= .seconds(1) {
                lastReport = ContinuousClock.now
                progress(metrics)
            }
        }
        // A bounded input ends: every window is complete.
        try write(try state.closeAll(), to: output, metrics: &metrics)
        try lab.writeCheckpoint(StreamCheckpoint(
            batchId: batchId + 1, sourceOffsets: sourceOffsets, outputLength: Int64(output.size),
            watermark: state.watermark, maxEventTime: state.maxEventTime, openWindows: [],
            lateEvents: state.lateEvents, malformedRecords: metrics.malformed, finished: true), in: options.checkpoints)
        metrics.late = state.lateEvents
        metrics.watermark = state.watermark
        metrics.maxEventTime = state.maxEventTime
        metrics.elapsed = ContinuousClock.now - started
        return metrics
    }

    /// One micro-batch: its lines split across the cores, each part parsed
    /// and counted into partial windowed counts, the partials merged in order.
    private func process(_ chunk: [UInt8], into state: any WindowedCounting) throws -> (events: Int64, malformed: Int64) {
        let format = options.format
        let watermark = state.watermark
        let partials = try chunk.withUnsafeBytes { bytes in
            let ranges = lineAlignedRanges(bytes, parts: options.parallelism)
            return try ParallelWork.map(ranges.count) { part in
                try count(UnsafeRawBufferPointer(rebasing: bytes[ranges[part]]), format: format, watermark: watermark)
            }
        }
        var events: Int64 = 0, malformed: Int64 = 0
        for partial in partials {
            try state.merge(partial.counts)
            events += partial.events
            malformed += partial.malformed
        }
        return (events, malformed)
    }

    private struct Partial {
        let counts: any WindowedCounting
        let events: Int64
        let malformed: Int64
    }

    /// Parses and counts one part of a micro-batch through the lab's operators.
    private func count(_ bytes: UnsafeRawBufferPointer, format: InputFormat, watermark: Int64) throws -> Partial {
        let counts = lab.makeWindowedCounts(options.window, maxOutOfOrderness: options.maxOutOfOrderness, watermark: watermark)
        var malformed: Int64 = 0, events: Int64 = 0
        var failure: (any Error)?
        let parse = try lab.map { (line: UnsafeRawBufferPointer) -> HashtagEvent? in
            switch HashtagEventParser.parse(line, format: format) {
            case .event(let event): return event
            case .skip: return nil
            case .malformed:
                malformed += 1
                return nil
            }
        }
        // Lines that are not events map to nil, dropped at the sink: one
        // operator call per line rather than a chain of three.
        let process = parse.process
        forEachLine(bytes) { line in
            process(line) { event in
                guard let event, failure == nil else { return }
                events += 1
                do { try counts.add(event.hashtag, at: event.ts) } catch { failure = error }
            }
        }
        if let failure { throw failure }
        return Partial(counts: counts, events: events, malformed: malformed)
    }

    /// Appends the top K of each closed window and forces it to disk.
    private func write(_ windows: [WindowState], to output: LogFile, metrics: inout JobMetrics) throws {
        guard !windows.isEmpty else { return }
        var text = ""
        for window in windows {
            for (rank, entry) in try lab.topK(window.counts, k: options.top).enumerated() {
                text += "\(window.start)\t\(rank + 1)\t\(entry.key)\t\(entry.count)\n"
            }
        }
        metrics.windows += Int64(windows.count)
        try output.append(Array(text.utf8))
        try output.sync()
    }
}
