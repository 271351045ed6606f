import Contracts
import Foundation
import KafkaClient

/// Turns source lines and records into rows.
enum SQLRows {
    /// The CSV columns when the input has no header line (window-topk's input).
    static let defaultCSVColumns = ["user_id", "hashtag", "ts"]

    /// The columns `derive` adds to a row with a `text`.
    static let derivedColumns: Set<String> = ["hashtags", "mentions"]

    /// One JSON object line as a row, with a Chirp post's `hashtags` and
    /// `mentions` derived from its text when `derive` (a query that reads
    /// neither skips the scan of every text for them).
    static func json(_ line: UnsafeRawBufferPointer, derive: Bool) -> SQLRow? {
        guard var row = SQLJSONParser.row(line) else { return nil }
        if derive { Self.derive(&row) }
        return row
    }

    /// One CSV line under `columns`; nil when the number of cells is wrong.
    static func csv(_ line: String, columns: [String]) -> SQLRow? {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        guard cells.count == columns.count else { return nil }
        var row = SQLRow(minimumCapacity: columns.count)
        for (name, cell) in zip(columns, cells) { row[name] = SQLValue(cell: cell) }
        return row
    }

    /// Whether a CSV line is a header: every cell a name (letters, digits, _), the first not a number.
    static func isHeader(_ line: String) -> Bool {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false)
        return Int64(cells[0]) == nil && cells.allSatisfy { cell in
            (cell.first.map { $0.isLetter || $0 == "_" } ?? false) && cell.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }
    }

    private static func derive(_ row: inout SQLRow) {
        guard case .string(let text) = row["text"] ?? .null else { return }
        if row["hashtags"] == nil { row["hashtags"] = .array(ChirpText.hashtags(in: text).map(SQLValue.string)) }
        if row["mentions"] == nil { row["mentions"] = .array(ChirpText.mentions(in: text).map(SQLValue.string)) }
    }
}

/// Where a query's rows come from: a file (or directory of files) of JSON
/// or CSV lines, or a Kafka topic, read batch by batch.
protocol SQLSource {
    /// The next batch of rows; nil at the end of a bounded source (or when a push source has been idle too long).
    mutating func next() async throws -> [SQLRow]?
    /// Lines or records that were not rows.
    var malformed: Int64 { get }
}

/// A file or a directory of files.
struct SQLFileSource: SQLSource {
    let lines: LineSource
    let format: InputFormat
    var csvColumns: [String]?
    var malformed: Int64 = 0
    /// Whether JSON rows get `SQLRows.derivedColumns`.
    let derive: Bool

    init(path: String, format: InputFormat, batchBytes: Int, derive: Bool) throws {
        lines = try LineSource(path: path, chunkBytes: batchBytes)
        self.format = format
        self.derive = derive
    }

    mutating func next() async throws -> [SQLRow]? {
        guard let chunk = try lines.nextChunk() else { return nil }
        let format = format
        let derive = derive
        var columns = csvColumns
        let parts: [(rows: [SQLRow], bad: Int64)] = try chunk.withUnsafeBytes { bytes in
            if format == .csv && columns == nil {
                // The input's first line says whether it has a header.
                forEachLine(bytes) { line in
                    guard columns == nil, line.contains(where: { $0 != 0x20 && $0 != 0x0D }) else { return }
                    let text = Self.text(line)
                    columns = SQLRows.isHeader(text) ? text.split(separator: ",").map { $0.lowercased() } : SQLRows.defaultCSVColumns
                }
            }
            let csvColumns = columns ?? SQLRows.defaultCSVColumns
            // Parsed on every core, a range of whole lines each, concatenated in order.
            let ranges = lineAlignedRanges(bytes, parts: ProcessInfo.processInfo.activeProcessorCount * 2)
            return try ParallelWork.map(ranges.count) { part in
                var rows: [SQLRow] = []
                var bad: Int64 = 0
                forEachLine(UnsafeRawBufferPointer(rebasing: bytes[ranges[part]])) { line in
                    guard line.contains(where: { $0 != 0x20 && $0 != 0x0D }) else { return }
                    switch format {
                    case .json:
                        if let row = SQLRows.json(line, derive: derive) { rows.append(row) } else { bad += 1 }
                    case .csv:
                        let text = Self.text(line)
                        if SQLRows.isHeader(text) && text.lowercased() == csvColumns.joined(separator: ",") { return }
                        if let row = SQLRows.csv(text, columns: csvColumns) { rows.append(row) } else { bad += 1 }
                    }
                }
                return (rows, bad)
            }
        }
        csvColumns = columns
        malformed += parts.reduce(0) { $0 + $1.bad }
        return parts.flatMap(\.rows)
    }

    private static func text(_ line: UnsafeRawBufferPointer) -> String {
        var text = String(decoding: line, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}

/// Every partition of a topic, from the beginning. A bounded query reads up
/// to the end offsets it found when it started; a push query reads on until
/// it has been idle for `stopWhenIdle` (or forever).
struct SQLTopicSource: SQLSource {
    let consumer: KafkaConsumer
    let valueFormat: TopicWindowJob.ValueFormat
    /// Whether JSON rows get `SQLRows.derivedColumns`.
    let derive: Bool
    /// For a bounded query: where each partition ended when the query started.
    var ends: [TopicPartition: Int64]?
    let stopWhenIdle: Duration?
    var lastRecord = ContinuousClock.now
    var malformed: Int64 = 0

    static func open(bootstrapServers: [String], topic: String, valueFormat: TopicWindowJob.ValueFormat,
                     bounded: Bool, stopWhenIdle: Duration?, derive: Bool) async throws -> SQLTopicSource {
        var config = ConsumerConfiguration(bootstrapServers: bootstrapServers)
        config.maxWait = .milliseconds(200)
        config.partitionMaxBytes = 4 << 20
        let consumer = try KafkaConsumer(configuration: config)
        let partitions = try await consumer.partitions(of: topic)
        await consumer.assign(partitions)
        var ends: [TopicPartition: Int64]?
        if bounded {
            try await consumer.seek(to: .end)
            var found: [TopicPartition: Int64] = [:]
            for partition in partitions { found[partition] = await consumer.position(of: partition) ?? 0 }
            ends = found
        }
        try await consumer.seek(to: .beginning)
        return SQLTopicSource(consumer: consumer, valueFormat: valueFormat, derive: derive, ends: ends, stopWhenIdle: stopWhenIdle)
    }

    mutating func next() async throws -> [SQLRow]? {
        while true {
            if let ends {
                var done = true
                for (partition, end) in ends where (await consumer.position(of: partition) ?? 0) < end { done = false }
                if done { return nil }
            }
            let records = try await consumer.poll()
            if records.isEmpty {
                if ends == nil, let idle = stopWhenIdle, ContinuousClock.now - lastRecord >= idle { return nil }
                if Task.isCancelled { return nil }
                continue
            }
            lastRecord = ContinuousClock.now
            var rows: [SQLRow] = []
            rows.reserveCapacity(records.count)
            for record in records {
                if let ends, record.offset >= ends[record.topicPartition] ?? .max { continue }
                guard let value = record.value else { continue }
                var row: SQLRow?
                switch valueFormat {
                case .json, .chirp: row = value.withUnsafeBytes { SQLRows.json($0, derive: derive) }
                case .csv: row = SQLRows.csv(String(decoding: value, as: UTF8.self), columns: SQLRows.defaultCSVColumns)
                }
                guard var row else { malformed += 1; continue }
                row["rowtime"] = .int(record.timestamp)
                row["partition"] = row["partition"] ?? .int(Int64(record.partition))
                row["offset"] = row["offset"] ?? .int(record.offset)
                rows.append(row)
            }
            return rows
        }
    }

    func close() async { await consumer.close() }
}
