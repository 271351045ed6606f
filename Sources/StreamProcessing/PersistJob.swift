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
/// When the store goes away (it restarted) the job connects again, with
/// backoff, for up to `storePatience`, and writes the rows again.
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
        /// How long the store may stay unreachable before the job gives up.
        public var storePatience: Duration = .seconds(60)

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
        /// Times the store's connection was opened again after it dropped.
        public var reconnects = 0

        public var description: String {
            "persist: \(records) records read, \(rows) rows written, \(malformed) malformed, \(reconnects) reconnects to the store"
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Rows to one unlogged batch: some 30 KB of typical chirps, under Cassandra's
    /// `batch_size_fail_threshold` (50 KiB), so a real Cassandra takes them too.
    static let batchRows = 200

    /// The table's columns, in the order rows are written.
    public static let columns = "id text PRIMARY KEY, user bigint, ts bigint, type text, text text, post text, followee bigint"

    public func run(progress: (@Sendable (Summary) -> Void)? = nil) async throws -> Summary {
        let names = options.table.split(separator: ".")
        guard names.count == 2, names.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw StreamJobError.usage("--cql-table must be KEYSPACE.TABLE, e.g. chirp.events")
        }
        var store = StoreWriter(address: options.cql, keyspace: String(names[0]), table: options.table, patience: options.storePatience)
        try await store.write([])  // the table exists before the first poll

        var consumer = CommittingConsumer(bootstrapServers: options.bootstrapServers, topic: options.topic, group: options.group,
                                          stopWhenIdle: options.stopWhenIdle)
        // Polls of up to 1 MiB a partition (some 7,000 chirps): their batches go to the store together, and each
        // poll is committed once stored, so a crash replays little.
        consumer.configuration.partitionMaxBytes = 1 << 20
        consumer.configuration.maxBytes = 4 << 20
        var summary = Summary()
        do {
            try await consumer.run({ records in
                summary.records += Int64(records.count)
                var events: [ChirpEvent] = []
                for record in records {
                    guard let value = record.value, let event = try? ChirpEvent(json: value) else {
                        summary.malformed += 1
                        continue
                    }
                    events.append(event)
                }
                try await store.write(events)
                summary.rows += Int64(events.count)
                summary.reconnects = store.reconnects
            }, committed: { progress?(summary) })
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return summary
    }

    /// The job's connection to the store: opened (keyspace and table created,
    /// the INSERT prepared) on first use, and again after it drops. A write
    /// that fails because the store went away is tried again, whole, on a new
    /// connection (its rows are upserts by id: writing one twice is harmless),
    /// with backoff, until the store has been unreachable for `patience`.
    struct StoreWriter {
        let address: String
        let keyspace: String
        let table: String
        let patience: Duration
        private var connection: CQLConnection?
        private var insert: [UInt8] = []
        /// Connections opened so far.
        private var opened = 0
        /// Times the connection was opened again after it dropped.
        var reconnects: Int { max(0, opened - 1) }

        init(address: String, keyspace: String, table: String, patience: Duration) {
            self.address = address
            self.keyspace = keyspace
            self.table = table
            self.patience = patience
        }

        /// Writes the events' rows, `batchRows` to an unlogged batch, every batch
        /// sent at once on the connection (its stream ids): the store answers
        /// them all after one group-commit fsync, instead of one fsync each.
        mutating func write(_ events: [ChirpEvent]) async throws {
            var failures = 0
            let start = ContinuousClock.now
            while true {
                do {
                    let store = try await open()
                    let insert = self.insert
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for chunk in stride(from: 0, to: events.count, by: PersistJob.batchRows) {
                            let statements = events[chunk..<min(chunk + PersistJob.batchRows, events.count)].map {
                                BatchMessage.Statement(.prepared(id: insert), values: PersistJob.values($0))
                            }
                            group.addTask { _ = try await store.batch(BatchMessage(kind: .unlogged, statements: statements)) }
                        }
                        try await group.waitForAll()
                    }
                    return
                } catch let error as CQLClientError where ContinuousClock.now - start < patience {
                    // The connection dropped or timed out: the store is restarting, or gone.
                    await close()
                    failures += 1
                    FileHandle.standardError.write(Data("box stream persist: the store at \(address) is unreachable (\(error)); trying again\n".utf8))
                    try await Task.sleep(for: .milliseconds(min(100 << min(failures - 1, 4), 1_000)))
                }
            }
        }

        /// The open connection, else a new one with the table made and the INSERT prepared.
        private mutating func open() async throws -> CQLConnection {
            if let connection { return connection }
            let store = try await CQLConnection.connect(address: address)
            do {
                _ = try await store.query("""
                    CREATE KEYSPACE IF NOT EXISTS \(keyspace) WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}
                    """)
                _ = try await store.query("CREATE TABLE IF NOT EXISTS \(table) (\(PersistJob.columns))")
                insert = try await store.prepare(
                    "INSERT INTO \(table) (id, user, ts, type, text, post, followee) VALUES (?, ?, ?, ?, ?, ?, ?)").id
            } catch {
                await store.close()
                throw error
            }
            opened += 1
            connection = store
            return store
        }

        mutating func close() async {
            await connection?.close()
            connection = nil
        }
    }

    /// The event's row, bound to the prepared INSERT (an upsert: the same
    /// event written twice is one row). The columns an event does not have
    /// (a post's `followee`) are left unset, not null: binding null would
    /// write a tombstone cell into every row, which every read then carries
    /// (Cassandra's drivers advise the same).
    static func values(_ event: ChirpEvent) -> [BoundValue] {
        func text(_ value: String?) -> BoundValue { value.map { .value(Array($0.utf8)) } ?? .unset }
        func bigint(_ value: Int64?) -> BoundValue { value.map { .value(withUnsafeBytes(of: $0.bigEndian) { Array($0) }) } ?? .unset }
        var post: String?, followee: Int64?, body: String?
        switch event.action {
        case .post(let words): body = words
        case .like(let target): post = target
        case .follow(let user): followee = user
        }
        return [text(event.id), bigint(event.user), bigint(event.ts), text(event.kind.rawValue), text(body), text(post), bigint(followee)]
    }
}
