import ArgumentParser
import Contracts
import Foundation
import StreamProcessing
import StreamingSolution
import StreamingStarter

/// `box stream`: runs a streaming (or batch) job on the reference operators or the student's.
struct Stream: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Streaming and batch jobs (streaming lab).",
        discussion: """
            Jobs:
              window-topk    events per hashtag per event-time window, the top K of each window as TSV
                             (--input FILE_OR_DIR --format json|csv --window 10s --top 10 --output FILE)
              generate       write window-topk input from the Chirp workload (--events N --format --output FILE)
              most-liked     batch: authors whose posts got the most likes (--input chirp JSON lines)
              hashtag-pairs  batch: hashtags used together most often (--input chirp JSON lines)
              trending       sliding-window top-K hashtags over a Kafka topic (--kafka HOST:PORT)
              spam           users posting above a rate: verdicts to the moderation topic (--kafka HOST:PORT)
              persist        every event of the topic as a row of a store table, exactly once
                             (--kafka HOST:PORT --cql HOST:PORT [--cql-table chirp.events])
              notifications  mentions, and posts whose likes reach --trending-likes, as notifications
                             for their users on the notifications topic (--kafka HOST:PORT)
              sql            runs a SELECT statement (--query "SELECT ..."), ksqlDB style, over --input
                             (FROM names the file's rows) or a topic (--kafka HOST:PORT; FROM names the topic);
                             results as TSV with a header line. For example:
                               SELECT hashtag, COUNT(*) AS n FROM chirps
                                 WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY hashtag EMIT CHANGES
                               SELECT user_id, COUNT(*) AS posts FROM events WHERE hashtag LIKE 'swift%'
                                 GROUP BY user_id ORDER BY posts DESC LIMIT 5
            """)

    @Option(help: "The job to run (see above).")
    var job: String

    @Option(help: "Input file or directory of files.")
    var input: String?

    @Option(help: "Input format: json or csv.")
    var format = "json"

    @Option(help: "Window size, e.g. 10s, 1m, 500ms (default: 10s; trending and spam: 1m sliding every 10s).")
    var window: String?

    @Option(help: "Sliding windows: start one every this long (default: tumbling).")
    var slide: String?

    @Option(help: "Watermark: how far behind the newest event time the job waits for stragglers.")
    var watermark = "10s"

    @Option(help: "How many keys to keep per window (top K).")
    var top = 10

    @Option(help: "Output file (TSV for window-topk).")
    var output: String?

    @Option(help: "Checkpoint directory (default: <output>.checkpoints).")
    var checkpoint: String?

    @Option(help: "trending, spam: the least seconds between two checkpoints (0: after every micro-batch).")
    var checkpointInterval = 1.0

    @Option(name: .customLong("batch-mib"), help: "Input bytes per micro-batch, in MiB.")
    var batchMiB = 8

    @Option(help: "generate: how many events.")
    var events = 1_000_000

    @Option(help: "generate: the workload's seed.")
    var seed: UInt64 = 1

    @Option(help: "trending, spam: the Kafka broker, HOST:PORT.")
    var kafka: String?

    @Option(help: "trending, spam: the input topic.")
    var topic = "chirps"

    @Option(help: "trending, spam: the input values: chirp (Chirp events), json or csv (window-topk lines).")
    var valueFormat = "chirp"

    @Option(help: "trending, spam, notifications: where results go (default: trending → trending, spam → moderation, notifications → notifications; \"none\" for none).")
    var outputTopic: String?

    @Option(name: .customLong("max-partition-fetch-kib"), help: "trending, spam: the most KiB one fetch takes from one partition.")
    var maxPartitionFetchKiB = 16 << 10

    @Option(help: "trending, spam: also write results to this CQL server (box store or Cassandra), HOST:PORT.")
    var cql: String?

    @Option(help: "trending, spam: the CQL sink's KEYSPACE.TABLE (default: box.trending, box.moderation).")
    var cqlTable: String?

    @Option(help: "spam: more posts than this by one user in one window gets a verdict.")
    var threshold: Int64 = 30

    @Option(help: "notifications: likes that make a post trending (its author is told, once).")
    var trendingLikes = 5

    @Option(help: "trending, spam, persist, notifications: stop after this many seconds without records (default: run until stopped).")
    var stopWhenIdle: Double?

    @Option(help: "sql: the SELECT statement.")
    var query: String?

    @Option(help: "Whose operators: solution (the reference) or starter (yours, Labs/Streaming).")
    var track = "solution"

    func validate() throws {
        guard ["starter", "solution"].contains(track) else { throw ValidationError("--track must be starter or solution") }
        guard InputFormat(rawValue: format) != nil else { throw ValidationError("--format must be json or csv") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard trendingLikes >= 1 else { throw ValidationError("--trending-likes must be at least 1") }
        guard checkpointInterval >= 0 else { throw ValidationError("--checkpoint-interval must be 0 or more seconds") }
        guard batchMiB >= 1 else { throw ValidationError("--batch-mib must be at least 1") }
        _ = try windowSpec()
        guard TopicWindowJob.ValueFormat(rawValue: valueFormat) != nil else { throw ValidationError("--value-format must be chirp, json or csv") }
        guard WindowSpec.parseDuration(watermark) != nil || watermark == "0" else {
            throw ValidationError("--watermark must be a duration like 10s, 500ms or 0")
        }
    }

    var topicJob: Bool { job == "trending" || job == "spam" }

    func windowSpec() throws -> WindowSpec {
        let window = window ?? (topicJob ? "1m" : "10s")
        let slide = slide ?? (topicJob && self.window == nil ? "10s" : nil)
        guard let size = WindowSpec.parseDuration(window) else { throw ValidationError("--window must be a duration like 10s, 1m or 500ms") }
        guard let slide else { return .tumbling(size) }
        guard let step = WindowSpec.parseDuration(slide), step <= size, size % step == 0 else {
            throw ValidationError("--slide must be a duration that divides --window (e.g. --window 1m --slide 10s)")
        }
        return .sliding(size, every: step)
    }

    var lab: any StreamingLab {
        track == "starter" ? StreamingStarter.StreamingToolkit() : StreamingSolution.StreamingToolkit()
    }

    func required(_ value: String?, _ flag: String) throws -> String {
        guard let value else { throw ValidationError("--job \(job) needs \(flag)") }
        return value
    }

    func run() async throws {
        let format = InputFormat(rawValue: format)!
        switch job {
        case "window-topk":
            var options = WindowTopKJob.Options(input: try required(input, "--input FILE_OR_DIR"), format: format,
                                                window: try windowSpec(), output: try required(output, "--output FILE"))
            options.maxOutOfOrderness = WindowSpec.parseDuration(watermark) ?? 0
            options.top = top
            options.checkpointDirectory = checkpoint
            options.batchBytes = batchMiB << 20
            let metrics = try WindowTopKJob(lab: lab, options: options).run { progress in
                FileHandle.standardError.write(Data("\(progress)\n".utf8))
            }
            FileHandle.standardError.write(Data("\(metrics)\n".utf8))
        case "generate":
            var config = WorkloadConfig(seed: seed)
            config.lateShare = 0
            try HashtagInput.write(config, count: events, format: format,
                                   to: URL(fileURLWithPath: try required(output, "--output FILE")))
        case "most-liked", "hashtag-pairs":
            let events = try ChirpFile.read(try required(input, "--input FILE (Chirp events as JSON lines)"))
            let ranked = job == "most-liked" ? try lab.mostLikedAuthors(events.events, top: top) : try lab.hashtagPairs(events.events, top: top)
            var text = ""
            for (rank, entry) in ranked.enumerated() { text += "\(rank + 1)\t\(entry.key)\t\(entry.count)\n" }
            try emit(text)
            if events.malformed > 0 { FileHandle.standardError.write(Data("\(job): skipped \(events.malformed) malformed lines\n".utf8)) }
        case "trending", "spam":
            let kind = TopicWindowJob.Kind(rawValue: job)!
            var options = TopicWindowJob.Options(
                kind: kind, bootstrapServers: [try required(kafka, "--kafka HOST:PORT")], window: try windowSpec(),
                checkpointDirectory: checkpoint ?? "box-data/stream/\(job).checkpoints")
            options.topic = topic
            options.valueFormat = TopicWindowJob.ValueFormat(rawValue: valueFormat)!
            options.maxOutOfOrderness = WindowSpec.parseDuration(watermark) ?? 0
            options.top = top
            options.threshold = threshold
            let defaultTopic = kind == .trending ? "trending" : "moderation"
            options.outputTopic = outputTopic == "none" ? nil : (outputTopic ?? defaultTopic)
            options.outputFile = output
            options.cqlAddress = cql
            options.maxPartitionFetchBytes = maxPartitionFetchKiB << 10
            options.cqlTable = cqlTable
            options.stopWhenIdle = stopWhenIdle.map { .milliseconds(Int64($0 * 1_000)) }
            options.checkpointInterval = .milliseconds(Int64(checkpointInterval * 1_000))
            let metrics = try await TopicWindowJob(lab: lab, options: options).run { progress in
                FileHandle.standardError.write(Data("\(progress)\n".utf8))
            }
            FileHandle.standardError.write(Data("\(metrics)\n".utf8))
        case "persist":
            var options = PersistJob.Options(bootstrapServers: [try required(kafka, "--kafka HOST:PORT")],
                                             cql: try required(cql, "--cql HOST:PORT"))
            options.topic = topic
            if let cqlTable { options.table = cqlTable }
            options.stopWhenIdle = stopWhenIdle.map { .milliseconds(Int64($0 * 1_000)) }
            let summary = try await PersistJob(options: options).run()
            FileHandle.standardError.write(Data("\(summary)\n".utf8))
        case "notifications":
            var options = NotificationsJob.Options(bootstrapServers: [try required(kafka, "--kafka HOST:PORT")])
            options.topic = topic
            if let outputTopic, outputTopic != "none" { options.outputTopic = outputTopic }
            options.trendingLikes = trendingLikes
            options.stopWhenIdle = stopWhenIdle.map { .milliseconds(Int64($0 * 1_000)) }
            let summary = try await NotificationsJob(options: options).run()
            FileHandle.standardError.write(Data("\(summary)\n".utf8))
        case "sql":
            var options = SQLJob.Options(statement: try required(query, "--query \"SELECT ...\""))
            options.input = input
            options.format = format
            options.bootstrapServers = kafka.map { [$0] } ?? []
            options.valueFormat = TopicWindowJob.ValueFormat(rawValue: valueFormat == "chirp" ? "json" : valueFormat)!
            options.defaultGraceMs = WindowSpec.parseDuration(watermark) ?? 0
            options.stopWhenIdle = stopWhenIdle.map { .milliseconds(Int64($0 * 1_000)) }
            options.batchBytes = batchMiB << 20
            let out = try output.map(FileHandle.empty(atPath:)) ?? FileHandle.standardOutput
            do {
                let summary = try await SQLJob(lab: lab, options: options).run(
                    header: { out.write(Data(($0.joined(separator: "\t") + "\n").utf8)) },
                    rows: { rows in
                        var text = ""
                        for row in rows { text += row.map(\.text).joined(separator: "\t") + "\n" }
                        out.write(Data(text.utf8))
                    })
                FileHandle.standardError.write(Data("\(summary)\n".utf8))
            } catch let error as SQLError {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(2)
            }
        default:
            throw ValidationError("no job called \(job): window-topk, generate, most-liked, hashtag-pairs, trending, spam, persist or sql")
        }
    }

    /// Writes a result to --output, or stdout.
    func emit(_ text: String) throws {
        if let output { try Data(text.utf8).write(to: URL(fileURLWithPath: output)) } else { print(text, terminator: "") }
    }
}
