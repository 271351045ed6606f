import CQL
import CQLClient
import CQLProtocol
import CassandraStore
import Contracts
import Foundation
import StoreSolution
import Testing

/// The query layer over the reference engine, driven by our CQL client over
/// TCP: what a CQL statement does to the data.
@Suite("Store query layer")
struct QueryLayerTests {
    /// A fresh store on a free port, with a connection USEing keyspace `ks`.
    static func withStore(_ body: (CQLConnection, StoreServer, URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await StoreServer(dataDirectory: directory, port: 0, lab: StoreToolkit())
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        let connection = try await CQLConnection.connect(host: "127.0.0.1", port: server.port)
        defer { Task { await connection.close() } }
        _ = try await connection.query("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
        try await connection.use("ks")
        try await body(connection, server, directory)
    }

    static func int(_ bytes: [UInt8]?) -> Int32? {
        bytes.flatMap { try? CQLValue.deserialize($0, as: .int) }.flatMap { if case .int(let v) = $0 { v } else { nil } }
    }

    static func text(_ bytes: [UInt8]?) -> String? {
        bytes.flatMap { try? CQLValue.deserialize($0, as: .text) }.flatMap { if case .text(let v) = $0 { v } else { nil } }
    }

    static func bound(_ value: CQLValue, _ type: CQLType) throws -> BoundValue { .value(try value.serialized(as: type)) }

    @Test("composite partition keys, DESC clustering, slices and ORDER BY")
    func slices() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE t (a text, b int, c int, d int, v text, PRIMARY KEY ((a, b), c, d)) WITH CLUSTERING ORDER BY (c DESC, d ASC)")
            let insert = try await db.prepare("INSERT INTO t (a, b, c, d, v) VALUES (?, ?, ?, ?, ?)")
            for c in 0..<5 { for d in 0..<3 {
                _ = try await db.execute(insert.id, values: [try Self.bound(.text("k"), .text), try Self.bound(.int(1), .int),
                                                             try Self.bound(.int(Int32(c)), .int), try Self.bound(.int(Int32(d)), .int),
                                                             try Self.bound(.text("\(c)-\(d)"), .text)])
            } }
            let all = try await db.select("SELECT v FROM t WHERE a = 'k' AND b = 1")
            #expect(all.rows.map { Self.text($0[0]) } == (0..<5).reversed().flatMap { c in (0..<3).map { "\(c)-\($0)" } })
            let slice = try await db.select("SELECT c, d FROM t WHERE a = 'k' AND b = 1 AND c = 2 AND d > 0")
            #expect(slice.rows.map { [Self.int($0[0]), Self.int($0[1])] } == [[2, 1], [2, 2]])
            let range = try await db.select("SELECT c FROM t WHERE a = 'k' AND b = 1 AND c >= 1 AND c < 3 ORDER BY c ASC, d DESC")
            #expect(range.rows.map { Self.int($0[0]) } == [1, 1, 1, 2, 2, 2])
            let limited = try await db.select("SELECT c FROM t WHERE a = 'k' AND b = 1 LIMIT 4")
            #expect(limited.rows.count == 4)
            let other = try await db.select("SELECT * FROM t WHERE a = 'k' AND b = 2")
            #expect(other.rows.isEmpty)
        }
    }

    @Test("deletes: a cell, a row, a clustering range, a partition; TTL and writetime")
    func deletes() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE t (k int, c int, v text, w text, PRIMARY KEY (k, c))")
            for c in 0..<10 { _ = try await db.query("INSERT INTO t (k, c, v, w) VALUES (1, \(c), 'v\(c)', 'w\(c)') USING TIMESTAMP 1000") }
            _ = try await db.query("INSERT INTO t (k, c, v) VALUES (2, 0, 'x')")
            _ = try await db.query("DELETE w FROM t WHERE k = 1 AND c = 0")
            _ = try await db.query("DELETE FROM t WHERE k = 1 AND c = 1")
            _ = try await db.query("DELETE FROM t WHERE k = 1 AND c >= 5 AND c < 8")
            let left = try await db.select("SELECT c, w FROM t WHERE k = 1")
            #expect(left.rows.map { Self.int($0[0]) } == [0, 2, 3, 4, 8, 9])
            #expect(left.rows.first.map { $0[1] } == .some(nil))
            // An older write does not resurrect a newer delete.
            _ = try await db.query("INSERT INTO t (k, c, v) VALUES (1, 1, 'old') USING TIMESTAMP 999")
            #expect(try await db.select("SELECT * FROM t WHERE k = 1 AND c = 1").rows.isEmpty)
            let time = try await db.select("SELECT writetime(v) FROM t WHERE k = 1 AND c = 2")
            #expect(time.rows.first?[0] == withUnsafeBytes(of: Int64(1000).bigEndian, Array.init))
            _ = try await db.query("UPDATE t USING TTL 3600 SET v = 'soon gone' WHERE k = 3 AND c = 0")
            let ttl = try await db.select("SELECT ttl(v) FROM t WHERE k = 3 AND c = 0")
            #expect((Self.int(ttl.rows.first?[0]) ?? 0) > 3500)
            _ = try await db.query("DELETE FROM t WHERE k = 1")
            #expect(try await db.select("SELECT * FROM t WHERE k = 1").rows.isEmpty)
            #expect(try await db.select("SELECT * FROM t WHERE k = 2").rows.count == 1)
        }
    }

    @Test("BEGIN BATCH USING TIMESTAMP writes every statement at that time")
    func batchTimestamp() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE t (k int PRIMARY KEY, v text)")
            _ = try await db.query("BEGIN UNLOGGED BATCH USING TIMESTAMP 4242 INSERT INTO t (k, v) VALUES (1, 'a'); INSERT INTO t (k, v) VALUES (2, 'b'); APPLY BATCH")
            for k in [1, 2] {
                let time = try await db.select("SELECT writetime(v) FROM t WHERE k = \(k)")
                #expect(time.rows.first?[0] == withUnsafeBytes(of: Int64(4242).bigEndian, Array.init))
            }
        }
    }

    @Test("collections: set/list/map literals and updates")
    func collections() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE t (k int PRIMARY KEY, s set<text>, l list<int>, m map<text, int>)")
            _ = try await db.query("INSERT INTO t (k, s, l, m) VALUES (1, {'b', 'a'}, [3, 1], {'x': 1})")
            _ = try await db.query("UPDATE t SET s = s + {'c'}, l = l + [2], m['y'] = 2 WHERE k = 1")
            let row = try #require(try await db.select("SELECT s, l, m FROM t WHERE k = 1").rows.first)
            #expect(try CQLValue.deserialize(row[0]!, as: .set(.text)) == .set([.text("a"), .text("b"), .text("c")]))
            #expect(try CQLValue.deserialize(row[1]!, as: .list(.int)) == .list([.int(3), .int(1), .int(2)]))
            #expect(try CQLValue.deserialize(row[2]!, as: .map(.text, .int)) == .map([.init(.text("x"), .int(1)), .init(.text("y"), .int(2))]))
        }
    }

    @Test("paging: every row once, across partitions, with LIMIT across pages")
    func paging() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE t (k int, c int, PRIMARY KEY (k, c))")
            var statements: [BatchMessage.Statement] = []
            for k in 0..<30 { for c in 0..<25 { statements.append(.init(.text("INSERT INTO t (k, c) VALUES (\(k), \(c))"))) } }
            _ = try await db.batch(BatchMessage(kind: .unlogged, statements: statements))
            let all = try await db.selectAll("SELECT k, c FROM t", pageSize: 7)
            let pairs = all.rows.map { [Self.int($0[0])!, Self.int($0[1])!] }
            #expect(pairs.count == 750)
            #expect(Set(pairs.map { "\($0)" }).count == 750)
            let limited = try await db.selectAll("SELECT k FROM t LIMIT 100", pageSize: 30)
            #expect(limited.rows.count == 100)
            let count = try await db.select("SELECT COUNT(*) FROM t")
            #expect(count.rows.first?[0] == withUnsafeBytes(of: Int64(750).bigEndian, Array.init))
            let one = try await db.select("SELECT COUNT(*) FROM t WHERE k = 3")
            #expect(one.rows.first?[0] == withUnsafeBytes(of: Int64(25).bigEndian, Array.init))
            let some = try await db.select("SELECT COUNT(*) FROM t WHERE k IN (3, 4) AND c < 10")
            #expect(some.rows.first?[0] == withUnsafeBytes(of: Int64(20).bigEndian, Array.init))
        }
    }

    @Test("paging while writes go on: every row there before the scan comes once, none twice")
    func pagingDuringWrites() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE w (k int PRIMARY KEY, v int)")
            let rows = (0..<200).map { BatchMessage.Statement(.text("INSERT INTO w (k, v) VALUES (\($0), 0)")) }
            _ = try await db.batch(BatchMessage(kind: .unlogged, statements: rows))
            var seen: [Int32] = []
            var extra = 1_000
            for try await page in db.pages("SELECT k FROM w", pageSize: 13) {
                seen += page.rows.map { Self.int($0[0])! }
                // New keys land anywhere in token order, before and after the scan's position.
                for _ in 0..<5 {
                    _ = try await db.query("INSERT INTO w (k, v) VALUES (\(extra), 0)")
                    extra += 1
                }
            }
            let before = seen.filter { $0 < 1_000 }
            #expect(before.count == 200 && Set(before).count == 200, "each of the 200 rows from before the scan, once")
            #expect(Set(seen).count == seen.count, "no row twice")
            #expect(seen.count > 200, "some keys written during the scan come after its position")
        }
    }

    @Test("errors name the problem and leave the connection usable")
    func errors() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE t (k int PRIMARY KEY, v text)")
            let cases: [(String, CQLErrorCode)] = [
                ("SELEC * FROM t", .syntaxError),
                ("SELECT * FROM missing", .invalid),
                ("INSERT INTO t (k, v) VALUES ('one', 'x')", .invalid),
                ("INSERT INTO t (v) VALUES ('x')", .invalid),
                ("SELECT nope FROM t", .invalid),
                ("CREATE TABLE t (k int PRIMARY KEY)", .alreadyExists),
                ("SELECT * FROM t WHERE v = 'x'", .invalid),
            ]
            for (cql, code) in cases {
                do {
                    _ = try await db.query(cql)
                    Issue.record("\(cql) was accepted")
                } catch let error as CQLError {
                    #expect(error.code == code, "\(cql): \(error)")
                }
            }
            // Cassandra's own messages for a bad INSERT.
            let messages = [
                ("INSERT INTO t (k, nope) VALUES (1, 'x')", "Undefined column name nope"),
                ("INSERT INTO t (k, v, v) VALUES (1, 'x', 'y')", "Multiple definitions found for column v"),
                ("INSERT INTO t (v) VALUES ('x')", "Some partition key parts are missing: k"),
            ]
            for (cql, message) in messages {
                do {
                    _ = try await db.query(cql)
                    Issue.record("\(cql) was accepted")
                } catch let error as CQLError {
                    #expect(error.code == .invalid && "\(error)".contains(message), "\(cql): \(error)")
                }
            }
            _ = try await db.query("INSERT INTO t (k, v) VALUES (1, 'fine')")
            #expect(Self.text(try await db.select("SELECT v FROM t WHERE k = 1").rows.first?[0]) == "fine")
        }
    }

    @Test("bound values of a prepared INSERT: kept as sent when canonical, read (and checked) otherwise")
    func boundValues() async throws {
        try await Self.withStore { db, _, _ in
            _ = try await db.query("CREATE TABLE b (k int PRIMARY KEY, t text, n bigint, f boolean, i int)")
            let insert = try await db.prepare("INSERT INTO b (k, t, n, f, i) VALUES (?, ?, ?, ?, ?)")
            _ = try await db.execute(insert.id, values: [try Self.bound(.int(1), .int), try Self.bound(.text("héllo"), .text),
                                                         try Self.bound(.bigint(-5), .bigint), .value([2]), .value([])])
            let row = try #require(try await db.select("SELECT t, n, f, i FROM b WHERE k = 1").rows.first)
            #expect(Self.text(row[0]) == "héllo")
            #expect(row[1] == (try CQLValue.bigint(-5).serialized(as: .bigint)))
            #expect(row[2] == [1], "a boolean bound as 0x02 is true, and reads back as Cassandra writes true")
            #expect(row[3] == nil, "an empty int is null")
            let bad: [([BoundValue], String)] = [
                ([try Self.bound(.int(2), .int), .value([0xFF, 0xFE]), .null, .null, .null], "String didn't validate"),
                ([try Self.bound(.int(2), .int), .null, .value([1, 2, 3]), .null, .null], "Expected 8 or 0 byte bigint (3)"),
            ]
            for (values, message) in bad {
                do {
                    _ = try await db.execute(insert.id, values: values)
                    Issue.record("\(values) was accepted")
                } catch let error as CQLError {
                    #expect(error.code == .invalid && "\(error)".contains(message), "\(error)")
                }
            }
            #expect(try await db.select("SELECT * FROM b WHERE k = 2").rows.isEmpty)
        }
    }

    @Test("a restart keeps the schema and every acknowledged write")
    func restart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let server = try await StoreServer(dataDirectory: directory, port: 0, lab: StoreToolkit())
            let serving = Task { try await server.run() }
            let db = try await CQLConnection.connect(host: "127.0.0.1", port: server.port)
            _ = try await db.query("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
            _ = try await db.query("CREATE TABLE ks.t (k int PRIMARY KEY, v text)")
            for k in 0..<200 { _ = try await db.query("INSERT INTO ks.t (k, v) VALUES (\(k), 'v\(k)')") }
            await db.close()
            serving.cancel()
            _ = await serving.result
        }
        let server = try await StoreServer(dataDirectory: directory, port: 0, lab: StoreToolkit())
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        let db = try await CQLConnection.connect(host: "127.0.0.1", port: server.port)
        let rows = try await db.selectAll("SELECT k, v FROM ks.t")
        #expect(rows.rows.count == 200)
        #expect(Self.text(try await db.select("SELECT v FROM ks.t WHERE k = 42").rows.first?[0]) == "v42")
        await db.close()
    }
}
