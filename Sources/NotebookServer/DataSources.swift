import CQL
import CQLClient
import Contracts
import Foundation
import StreamProcessing

/// Where a cell's `FROM` names come from. With `--kafka`, a name is a topic
/// (of JSON events): a batch cell reads it to its end, a live cell follows it.
/// Without, `chirps` (every event) and `hashtags` (one row per hashtag of a
/// post) come from the workload generator: a fixed sample for batch cells,
/// a stream at the live rate for live cells. With `--cassandra`, a name
/// `keyspace.table` is a table of the store, read whole (up to the row limit).
struct DataSources: Sendable {
    let configuration: NotebookConfiguration
    let streaming: any StreamingLab

    /// The columns of the generator's tables.
    static let chirpColumns = ["id", "user", "ts", "type", "text", "post", "followee"]
    static let hashtagColumns = ["id", "user", "ts", "hashtag"]

    /// The names `sql` reads from (after FROM and JOIN).
    static func tableNames(in sql: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"\b(?:FROM|JOIN)\s+("[^"]+"|[A-Za-z_][A-Za-z0-9_.]*)"#, options: [.caseInsensitive])
        var names: [String] = []
        for match in regex.matches(in: sql, range: NSRange(sql.startIndex..., in: sql)) {
            guard let range = Range(match.range(at: 1), in: sql) else { continue }
            let name = sql[range].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The table `name` holds now (bounded).
    func table(_ name: String) async throws -> DataTable {
        if name.contains(".") {
            guard let cassandra = configuration.cassandra else {
                throw SourceError("\(name) is a store table: start the notebook with --cassandra HOST:PORT to read it")
            }
            return try await storeTable(name, cassandra: cassandra)
        }
        if let kafka = configuration.kafka {
            return try await topicTable(name, kafka: kafka)
        }
        var workload = Workload(generatorConfig(startMs: 1_700_000_000_000))
        switch name.lowercased() {
        case "chirps":
            var rows: [[CellValue]] = []
            for _ in 0..<configuration.generatedEvents { if let event = workload.next() { rows.append(DataSources.chirpRow(event)) } }
            return DataTable(name: name, columns: DataSources.chirpColumns, rows: rows)
        case "hashtags":
            var rows: [[CellValue]] = []
            for _ in 0..<configuration.generatedEvents {
                guard let event = workload.next() else { break }
                for tag in event.hashtags { rows.append([.text(event.id), .integer(event.user), .integer(event.ts), .text(tag)]) }
            }
            return DataTable(name: name, columns: DataSources.hashtagColumns, rows: rows)
        default:
            throw SourceError("no table \(name): without --kafka the notebook has chirps and hashtags (from the generator)")
        }
    }

    /// A store table, every row (up to the limit), its CQL values as cells.
    private func storeTable(_ name: String, cassandra: String) async throws -> DataTable {
        let connection = try await CQLConnection.connect(address: cassandra)
        defer { Task { await connection.close() } }
        var columns: [ColumnSpecName] = []
        var rows: [[CellValue]] = []
        for try await page in connection.pages("SELECT * FROM \(name)", pageSize: 5_000) {
            if columns.isEmpty { columns = page.columns.map { ColumnSpecName(name: $0.name, type: $0.type) } }
            for row in page.rows {
                rows.append(zip(row, columns).map { cell, column in
                    guard let cell, let value = try? CQLValue.deserialize(cell, as: column.type) else { return .null }
                    return DataSources.cell(value)
                })
                if rows.count >= configuration.maxSourceRows { break }
            }
            if rows.count >= configuration.maxSourceRows { break }
        }
        return DataTable(name: name, columns: columns.map(\.name), rows: rows)
    }

    private struct ColumnSpecName {
        let name: String
        let type: CQLType
    }

    static func cell(_ value: CQLValue) -> CellValue {
        switch value {
        case .null: .null
        case .int(let n): .integer(Int64(n))
        case .bigint(let n), .timestamp(let n), .time(let n): .integer(n)
        case .smallint(let n): .integer(Int64(n))
        case .tinyint(let n): .integer(Int64(n))
        case .boolean(let flag): .integer(flag ? 1 : 0)
        case .double(let d): .real(d)
        case .float(let f): .real(Double(f))
        case .text(let text): .text(text)
        default: .text(value.cqlLiteral)
        }
    }

    /// A topic read from its beginning to its end, one row per JSON record
    /// (arrays as text). `hashtags` is derived from the `chirps` topic: one
    /// row per hashtag of a post, as without Kafka.
    private func topicTable(_ topic: String, kafka: String) async throws -> DataTable {
        let statement = topic.lowercased() == "hashtags"
            ? "SELECT id, user, ts, EXPLODE(hashtags) AS hashtag FROM chirps LIMIT \(configuration.maxSourceRows)"
            : "SELECT * FROM \(topic) LIMIT \(configuration.maxSourceRows)"
        var options = SQLJob.Options(statement: statement)
        options.bootstrapServers = [kafka]
        var columns: [String] = []
        var rows: [[CellValue]] = []
        _ = try await SQLJob(lab: streaming, options: options).run(header: { columns = $0 }, rows: { batch in
            rows += batch.map { $0.map(DataSources.cell) }
        })
        return DataTable(name: topic, columns: columns, rows: rows)
    }

    /// Batches of rows for a live cell over `name`, until cancelled.
    func live(_ name: String) throws -> AsyncThrowingStream<[SQLRow], any Error> {
        try checkLive(name)
        let rate = configuration.liveRate
        let config = generatorConfig(startMs: Int64(Date().timeIntervalSince1970 * 1000), rate: rate)
        return AsyncThrowingStream { continuation in
            let task = Task {
                var workload = Workload(config)
                var pending = workload.next()
                while !Task.isCancelled {
                    let now = Int64(Date().timeIntervalSince1970 * 1000)
                    var batch: [SQLRow] = []
                    while let event = pending, event.ts <= now {
                        batch.append(DataSources.sqlRow(event))
                        pending = workload.next()
                    }
                    if !batch.isEmpty { continuation.yield(batch) }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Throws unless the generator can stream `name` live.
    func checkLive(_ name: String) throws {
        guard name.lowercased() == "chirps" else {
            throw SourceError("no live source \(name): without --kafka the notebook streams chirps (from the generator)")
        }
    }

    private func generatorConfig(startMs: Int64, rate: Double = 1_000) -> WorkloadConfig {
        var config = WorkloadConfig(seed: 42)
        config.startMs = startMs
        config.rate = rate
        config.users = 2_000
        config.hashtags = 200
        config.maxDisorderMs = 200
        config.lateShare = 0
        return config
    }

    static func chirpRow(_ event: ChirpEvent) -> [CellValue] {
        var post: CellValue = .null, followee: CellValue = .null
        switch event.action {
        case .like(let target): post = .text(target)
        case .follow(let user): followee = .integer(user)
        case .post: break
        }
        return [.text(event.id), .integer(event.user), .integer(event.ts), .text(event.kind.rawValue),
                event.text.map(CellValue.text) ?? .null, post, followee]
    }

    static func sqlRow(_ event: ChirpEvent) -> SQLRow {
        var row: SQLRow = ["id": .string(event.id), "user": .int(event.user), "ts": .int(event.ts), "type": .string(event.kind.rawValue)]
        switch event.action {
        case .post(let text):
            row["text"] = .string(text)
            row["hashtags"] = .array(event.hashtags.map(SQLValue.string))
            row["mentions"] = .array(event.mentions.map(SQLValue.string))
        case .like(let target): row["post"] = .string(target)
        case .follow(let user): row["followee"] = .int(user)
        }
        return row
    }

    static func cell(_ value: SQLValue) -> CellValue {
        switch value {
        case .null: .null
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .int(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .array: .text(value.text)
        }
    }
}

/// A FROM name the notebook cannot serve.
struct SourceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
