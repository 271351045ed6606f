import CQL
import CQLClient
import CQLProtocol
import Contracts
import Foundation
import KafkaClient

/// `box stream --job persist`: every event of a topic (`chirps`) becomes a
/// row of a store table (`chirp.events`, keyed by the event's id), and the
/// consumer group's offsets are committed only after the store took the
/// rows. A crash replays at most the uncommitted records; replayed inserts
/// overwrite the same rows, so the table holds each event exactly once.
public struct PersistJob: Sendable {
    public struct Options: Sendable {
        public var bootstrapServers: [String]
        public var topic = "chirps"
        public var group = "persist"
        /// The store, HOST:PORT.
        public var cql: String
        public var table = "chirp.events"
        /// Stop after this long without records (nil: run until cancelled).
        public var stopWhenIdle: Duration?

        public init(bootstrapServers: [String], cql: String) {
            self.bootstrapServers = bootstrapServers
            self.cql = cql
        }
    }

    /// What a run did.
    public struct Summary: Sendable, CustomStringConvertible {
        public var records: Int64 = 0
        public var rows: Int64 = 0
        public var malformed: Int64 = 0

        public var description: String { "persist: \(records) records read, \(rows) rows written, \(malformed) malformed" }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// The table's columns, in the order rows are written.
    public static let columns = "id text PRIMARY KEY, user bigint, ts bigint, type text, text text, post text, followee bigint"

    public func run(progress: (@Sendable (Summary) -> Void)? = nil) async throws -> Summary {
        let names = options.table.split(separator: ".")
        guard names.count == 2, names.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw StreamJobError.usage("--cql-table must be KEYSPACE.TABLE, e.g. chirp.events")
        }
        let store = try await CQLConnection.connect(address: options.cql)
        _ = try await store.query("""
            CREATE KEYSPACE IF NOT EXISTS \(names[0]) WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}
            """)
        _ = try await store.query("CREATE TABLE IF NOT EXISTS \(options.table) (\(Self.columns))")
        let insert = try await store.prepare(
            "INSERT INTO \(options.table) (id, user, ts, type, text, post, followee) VALUES (?, ?, ?, ?, ?, ?, ?)").id

        var consumer = CommittingConsumer(bootstrapServers: options.bootstrapServers, topic: options.topic, group: options.group,
                                          stopWhenIdle: options.stopWhenIdle)
        // Polls of a few thousand records: each is committed soon after it is stored, so a crash replays little.
        consumer.configuration.partitionMaxBytes = 256 << 10
        consumer.configuration.maxBytes = 1 << 20
        var summary = Summary()
        do {
            try await consumer.run({ records in
                summary.records += Int64(records.count)
                var statements: [BatchMessage.Statement] = []
                for record in records {
                    guard let value = record.value, let event = try? ChirpEvent(json: value) else {
                        summary.malformed += 1
                        continue
                    }
                    statements.append(BatchMessage.Statement(.prepared(id: insert), values: Self.values(event)))
                }
                for chunk in stride(from: 0, to: statements.count, by: 1_000) {
                    let batch = Array(statements[chunk..<min(chunk + 1_000, statements.count)])
                    _ = try await store.batch(BatchMessage(kind: .unlogged, statements: batch))
                }
                summary.rows += Int64(statements.count)
            }, committed: { progress?(summary) })
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return summary
    }

    /// The event's row, bound to the prepared INSERT (an upsert: the same
    /// event written twice is one row).
    static func values(_ event: ChirpEvent) -> [BoundValue] {
        func text(_ value: String?) -> BoundValue { value.map { .value(Array($0.utf8)) } ?? .null }
        func bigint(_ value: Int64?) -> BoundValue { value.map { .value(withUnsafeBytes(of: $0.bigEndian) { Array($0) }) } ?? .null }
        var post: String?, followee: Int64?, body: String?
        switch event.action {
        case .post(let words): body = words
        case .like(let target): post = target
        case .follow(let user): followee = user
        }
        return [text(event.id), bigint(event.user), bigint(event.ts), text(event.kind.rawValue), text(body), text(post), bigint(followee)]
    }
}
