import Contracts
import Foundation

/// `box stream --job sql`: one SELECT statement over a file or a topic.
/// A bounded query prints its answer; a push query (EMIT CHANGES / FINAL)
/// prints rows as they come, until the input ends or goes idle.
public struct SQLJob {
    public struct Options: Sendable {
        /// The SELECT statement.
        public var statement: String
        /// A file or directory to read; its rows are the FROM table, whatever its name. Without it, FROM names a topic.
        public var input: String?
        public var format: InputFormat = .json
        /// The Kafka brokers, when FROM names a topic.
        public var bootstrapServers: [String] = []
        public var valueFormat: TopicWindowJob.ValueFormat = .json
        /// The watermark's delay when the window has no GRACE PERIOD.
        public var defaultGraceMs: Int64 = 10_000
        /// A push query over a topic stops after this long without records (nil: runs until stopped).
        public var stopWhenIdle: Duration?
        public var batchBytes = 8 << 20

        public init(statement: String) { self.statement = statement }
    }

    /// What a run did.
    public struct Summary: Sendable, CustomStringConvertible {
        public var rowsIn: Int64
        public var rowsOut: Int
        public var malformed: Int64
        public var late: Int64
        public var elapsed: Duration

        public var description: String {
            "sql: \(rowsIn) rows in, \(rowsOut) out, \(malformed) malformed, \(late) late, in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))"
        }
    }

    public let lab: any StreamingLab
    public let options: Options

    public init(lab: any StreamingLab, options: Options) {
        self.lab = lab
        self.options = options
    }

    /// Runs the query; `header` gets the column names once, before the first row; `rows` gets each batch of results.
    public func run(header: ([String]) -> Void, rows: ([[SQLValue]]) throws -> Void) async throws -> Summary {
        let plan = try SQLPlan(options.statement)
        let execution = try SQLExecution(plan: plan, lab: lab, defaultGraceMs: options.defaultGraceMs)
        let started = ContinuousClock.now
        var source: any SQLSource
        var topic: SQLTopicSource?
        let derive = plan.outputs == nil || !plan.sourceColumns.isDisjoint(with: SQLRows.derivedColumns)
        if let input = options.input {
            source = try SQLFileSource(path: input, format: options.format, batchBytes: options.batchBytes, derive: derive)
        } else {
            guard !options.bootstrapServers.isEmpty else {
                throw SQLError("FROM \(plan.source): give --input FILE_OR_DIR to read a file, or --kafka HOST:PORT to read the topic \(plan.source)")
            }
            topic = try await SQLTopicSource.open(bootstrapServers: options.bootstrapServers, topic: plan.source,
                                                  valueFormat: options.valueFormat, bounded: !plan.isPush,
                                                  stopWhenIdle: options.stopWhenIdle, derive: derive)
            source = topic!
        }
        var headerSent = false
        func send(_ out: [[SQLValue]]) throws {
            if !headerSent && (!out.isEmpty || execution.rowsIn > 0) {
                header(execution.columns)
                headerSent = true
            }
            if !out.isEmpty { try rows(out) }
        }
        do {
            while !execution.isDone, let batch = try await source.next() {
                try send(try execution.process(batch))
            }
            try send(try execution.finish())
            if !headerSent { header(execution.columns) }
        } catch {
            await topic?.close()
            throw error
        }
        await topic?.close()
        return Summary(rowsIn: execution.rowsIn, rowsOut: execution.rowsOut, malformed: source.malformed,
                       late: execution.lateRows, elapsed: ContinuousClock.now - started)
    }

    /// A bounded query's whole answer as TSV (a header line, then one line per row): what a notebook cell shows.
    public func table() async throws -> String {
        var text = ""
        _ = try await run(header: { text += $0.joined(separator: "\t") + "\n" },
                          rows: { for row in $0 { text += row.map(\.text).joined(separator: "\t") + "\n" } })
        return text
    }
}
