import CQLClient
import Foundation

/// Writes window results to a CQL table (Cassandra, or `box store`): one
/// row per (window, rank) for trending, per (user, window) for spam
/// verdicts. Rows are upserts keyed by window, so a replay after a crash
/// rewrites the same rows: the table ends up exactly-once even though the
/// sink writes before the checkpoint.
public final class CQLSink: Sendable {
    /// `keyspace.table`, e.g. `box.trending`.
    public let table: String
    private let connection: CQLConnection

    private init(table: String, connection: CQLConnection) {
        self.table = table
        self.connection = connection
    }

    /// Connects to `address` (HOST:PORT) and creates the keyspace and table for `kind` if they are missing.
    public static func open(address: String, table: String, kind: TopicWindowJob.Kind) async throws -> CQLSink {
        let names = table.split(separator: ".")
        guard names.count == 2, names.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            throw StreamJobError.usage("--cql-table must be KEYSPACE.TABLE, e.g. box.trending")
        }
        let connection = try await CQLConnection.connect(address: address)
        _ = try await connection.query("""
            CREATE KEYSPACE IF NOT EXISTS \(names[0]) WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}
            """)
        switch kind {
        case .trending:
            _ = try await connection.query("""
                CREATE TABLE IF NOT EXISTS \(table) (window_start bigint, rank int, window_end bigint, hashtag text, count bigint,
                PRIMARY KEY (window_start, rank))
                """)
        case .spam:
            _ = try await connection.query("""
                CREATE TABLE IF NOT EXISTS \(table) (user bigint, window_start bigint, window_end bigint, posts bigint,
                threshold bigint, verdict text, PRIMARY KEY (user, window_start))
                """)
        }
        return CQLSink(table: table, connection: connection)
    }

    /// One window's trending hashtags, ranked from 1.
    func writeTrending(windowStart: Int64, windowEnd: Int64, ranked: [(hashtag: String, count: Int64)]) async throws {
        guard !ranked.isEmpty else { return }
        var cql = "BEGIN UNLOGGED BATCH\n"
        for (i, entry) in ranked.enumerated() {
            cql += "INSERT INTO \(table) (window_start, rank, window_end, hashtag, count) VALUES "
                + "(\(windowStart), \(i + 1), \(windowEnd), \(Self.literal(entry.hashtag)), \(entry.count));\n"
        }
        _ = try await connection.query(cql + "APPLY BATCH")
    }

    /// One window's spam verdicts.
    func writeVerdicts(windowStart: Int64, windowEnd: Int64, users: [(user: String, posts: Int64)], threshold: Int64) async throws {
        guard !users.isEmpty else { return }
        var cql = "BEGIN UNLOGGED BATCH\n"
        for entry in users where Int64(entry.user) != nil {
            cql += "INSERT INTO \(table) (user, window_start, window_end, posts, threshold, verdict) VALUES "
                + "(\(entry.user), \(windowStart), \(windowEnd), \(entry.posts), \(threshold), 'throttle');\n"
        }
        _ = try await connection.query(cql + "APPLY BATCH")
    }

    public func close() async { await connection.close() }

    /// A CQL string literal ('' for a quote inside).
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
