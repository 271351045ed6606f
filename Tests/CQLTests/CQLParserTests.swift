import CQL
import Foundation
import Testing

@Suite("CQL parser: statements") struct CQLParserTests {
    func parse(_ text: String) throws -> Statement { try CQLParser.parse(text) }

    @Test("CREATE KEYSPACE and DROP KEYSPACE")
    func keyspaces() throws {
        #expect(try parse("""
            CREATE KEYSPACE IF NOT EXISTS chirp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}
            AND durable_writes = false;
            """) == .createKeyspace(.init(keyspace: "chirp", ifNotExists: true,
                                          replication: ["class": "SimpleStrategy", "replication_factor": "1"], durableWrites: false)))
        #expect(try parse("create keyspace Chirp with REPLICATION = {'class': 'NetworkTopologyStrategy', 'dc1': '3'}")
            == .createKeyspace(.init(keyspace: "chirp", replication: ["class": "NetworkTopologyStrategy", "dc1": "3"])))
        #expect(try parse("DROP KEYSPACE IF EXISTS chirp") == .dropKeyspace(.init(keyspace: "chirp", ifExists: true)))
        #expect(try parse("DROP KEYSPACE \"Chirp\"") == .dropKeyspace(.init(keyspace: "Chirp")))
    }

    @Test("CREATE TABLE with composite partition key, clustering order and options")
    func createTable() throws {
        let statement = try parse("""
            CREATE TABLE IF NOT EXISTS chirp.timeline (
                user_id uuid, bucket int, posted_at timeuuid, id bigint,
                body varchar, tags set<text>, likes map<text, frozen<list<int>>>, place tuple<double, double>,
                owner text STATIC,
                PRIMARY KEY ((user_id, bucket), posted_at, id)
            ) WITH CLUSTERING ORDER BY (posted_at DESC, id ASC) AND comment = 'home timelines'
              AND compaction = {'class': 'LeveledCompactionStrategy'} AND default_time_to_live = 0
            """)
        guard case .createTable(let table) = statement else { Issue.record("not CREATE TABLE"); return }
        #expect(table.table == TableName(keyspace: "chirp", "timeline"))
        #expect(table.ifNotExists)
        #expect(table.partitionKey == ["user_id", "bucket"])
        #expect(table.clusteringColumns == ["posted_at", "id"])
        #expect(table.clusteringOrder == [Ordering("posted_at", .descending), Ordering("id", .ascending)])
        #expect(table.order(of: "posted_at") == .descending)
        #expect(table.type(of: "body") == .text)
        #expect(table.type(of: "likes") == .map(.text, .frozen(.list(.int))))
        #expect(table.type(of: "place") == .tuple([.double, .double]))
        #expect(table.columns.first { $0.name == "owner" }?.isStatic == true)
        #expect(table.options["comment"] == .string("home timelines"))
        #expect(table.options["compaction"] == .map([.init(.string("class"), .string("LeveledCompactionStrategy"))]))

        #expect(try parse("CREATE TABLE users (id int PRIMARY KEY, name text)") == .createTable(.init(
            table: TableName("users"), columns: [.init(name: "id", type: .int), .init(name: "name", type: .text)], partitionKey: ["id"])))
        guard case .createTable(let simple) = try parse("CREATE TABLE t (a int, b int, c int, PRIMARY KEY (a, b, c))") else { return }
        #expect(simple.partitionKey == ["a"] && simple.clusteringColumns == ["b", "c"])
        let types = "ascii, bigint, blob, boolean, counter, date, decimal, double, float, inet, int, smallint, text, time, timestamp, timeuuid, tinyint, uuid, varchar, varint"
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let columns = types.enumerated().map { "c\($0.offset) \($0.element)" }.joined(separator: ", ")
        guard case .createTable(let all) = try parse("CREATE TABLE t (k int PRIMARY KEY, \(columns))") else { return }
        #expect(all.columns.dropFirst().map(\.type.description) == types.map { $0 == "varchar" ? "text" : $0 })
    }

    @Test("DROP TABLE, TRUNCATE, USE")
    func otherDDL() throws {
        #expect(try parse("DROP TABLE IF EXISTS ks.t") == .dropTable(.init(table: TableName(keyspace: "ks", "t"), ifExists: true)))
        #expect(try parse("TRUNCATE t") == .truncate(.init(table: TableName("t"))))
        #expect(try parse("TRUNCATE TABLE ks.t;") == .truncate(.init(table: TableName(keyspace: "ks", "t"))))
        #expect(try parse("use Chirp") == .use(.init(keyspace: "chirp")))
    }

    @Test("INSERT with every kind of term")
    func insert() throws {
        let statement = try parse("""
            INSERT INTO chirps (id, body, n, f, big, neg, ok, gone, u, b, l, s, m, t, e, ts, x, nn, inf)
            VALUES (?, 'it''s', 42, 1.5e3, 12345678901234567890, -7, true, null, 550e8400-e29b-41d4-a716-446655440000,
                    0xCAFE, [1, 2], {'a', 'b'}, {'k': 1}, (1, 'x'), {}, toTimestamp(now()), :named, NaN, -Infinity)
            IF NOT EXISTS USING TTL 86400 AND TIMESTAMP 1700000000000000
            """)
        guard case .insert(let insert) = statement else { Issue.record("not INSERT"); return }
        #expect(insert.table == TableName("chirps"))
        #expect(insert.ifNotExists)
        #expect(insert.using == UsingClause(ttl: .integer("86400"), timestamp: .integer("1700000000000000")))
        #expect(insert.values == [
            .bindMarker(BindMarker(index: 0)), .string("it's"), .integer("42"), .float("1.5e3"), .integer("12345678901234567890"),
            .integer("-7"), .boolean(true), .null, .uuid(UUID(uuidString: "550e8400-e29b-41d4-a716-446655440000")!),
            .blob([0xCA, 0xFE]), .list([.integer("1"), .integer("2")]), .set([.string("a"), .string("b")]),
            .map([.init(.string("k"), .integer("1"))]), .tuple([.integer("1"), .string("x")]), .map([]),
            .function(name: "totimestamp", arguments: [.function(name: "now", arguments: [])]),
            .bindMarker(BindMarker(index: 1, name: "named")), .float("NaN"), .float("-Infinity"),
        ])
        #expect(try parse("INSERT INTO t (a) VALUES ($$it's$$) USING TIMESTAMP 5")
            == .insert(.init(table: TableName("t"), columns: ["a"], values: [.string("it's")], using: .init(timestamp: .integer("5")))))
        #expect(try parse("insert into t (k, v) values (uuid(), currentTimestamp())")
            == .insert(.init(table: TableName("t"), columns: ["k", "v"],
                             values: [.function(name: "uuid", arguments: []), .function(name: "currenttimestamp", arguments: [])])))
    }

    @Test("UPDATE with every assignment form")
    func update() throws {
        let statement = try parse("""
            UPDATE ks.t USING TTL 10 AND TIMESTAMP ? SET a = 1, s = s + {'x'}, l = [0] + l, m['k'] = 'v', c = c - 1,
                   d = d -2, e += 3, f -= {'y'}, g = g - ['z']
            WHERE k = 'key' AND c1 >= 3 IF EXISTS
            """)
        guard case .update(let update) = statement else { Issue.record("not UPDATE"); return }
        #expect(update.table == TableName(keyspace: "ks", "t"))
        #expect(update.using == UsingClause(ttl: .integer("10"), timestamp: .bindMarker(BindMarker(index: 0))))
        #expect(update.assignments == [
            .set(column: "a", value: .integer("1")),
            .add(column: "s", value: .set([.string("x")])),
            .prepend(column: "l", value: .list([.integer("0")])),
            .setElement(column: "m", key: .string("k"), value: .string("v")),
            .remove(column: "c", value: .integer("1")),
            .remove(column: "d", value: .integer("2")),
            .add(column: "e", value: .integer("3")),
            .remove(column: "f", value: .set([.string("y")])),
            .remove(column: "g", value: .list([.string("z")])),
        ])
        #expect(update.whereClause == [Relation(.column("k"), .equal, .string("key")), Relation(.column("c1"), .greaterOrEqual, .integer("3"))])
        #expect(update.ifExists)
        guard case .update(let conditional) = try parse("UPDATE t SET v = 2 WHERE k = 1 IF v = 1 AND m['a'] != 'b'") else { return }
        #expect(conditional.conditions == [Relation(.column("v"), .equal, .integer("1")),
                                           Relation(.element(column: "m", key: .string("a")), .notEqual, .string("b"))])
    }

    @Test("DELETE of rows, columns and elements")
    func delete() throws {
        #expect(try parse("DELETE FROM t WHERE k = 1") == .delete(.init(table: TableName("t"), whereClause: [Relation(.column("k"), .equal, .integer("1"))])))
        #expect(try parse("DELETE a, m['k'], l[0] FROM ks.t USING TIMESTAMP 99 WHERE k = 1 AND c > 2 IF EXISTS") == .delete(.init(
            targets: [.column("a"), .element(column: "m", key: .string("k")), .element(column: "l", key: .integer("0"))],
            table: TableName(keyspace: "ks", "t"), using: .init(timestamp: .integer("99")),
            whereClause: [Relation(.column("k"), .equal, .integer("1")), Relation(.column("c"), .greater, .integer("2"))], ifExists: true)))
    }

    @Test("SELECT with every clause")
    func select() throws {
        let statement = try parse("""
            SELECT DISTINCT id, body AS text_of, COUNT(*), count(1) AS n, writetime(body), TTL(body), token(id), max(likes)
            FROM chirp.chirps
            WHERE id IN (1, 2, ?) AND ts > '2024-03-01' AND ts <= ? AND token(id) > -100 AND (c1, c2) > (1, 'a')
              AND tags CONTAINS 'x' AND m CONTAINS KEY 'k' AND other IN ?
            ORDER BY ts DESC, c1 PER PARTITION LIMIT 2 LIMIT 100 ALLOW FILTERING
            """)
        guard case .select(let select) = statement else { Issue.record("not SELECT"); return }
        #expect(select.distinct)
        #expect(select.table == TableName(keyspace: "chirp", "chirps"))
        #expect(select.selectors == [
            Selector(.column("id")), Selector(.column("body"), alias: "text_of"), Selector(.countAll), Selector(.countAll, alias: "n"),
            Selector(.writetime("body")), Selector(.ttl("body")), Selector(.token(["id"])),
            Selector(.function(name: "max", arguments: [.column("likes")])),
        ])
        #expect(select.selectors.map(\.columnName) == ["id", "text_of", "count", "n", "writetime(body)", "ttl(body)", "system.token(id)", "system.max(likes)"])
        #expect(select.whereClause == [
            Relation(.column("id"), .in, .list([.integer("1"), .integer("2"), .bindMarker(BindMarker(index: 0))])),
            Relation(.column("ts"), .greater, .string("2024-03-01")),
            Relation(.column("ts"), .lessOrEqual, .bindMarker(BindMarker(index: 1))),
            Relation(.token(["id"]), .greater, .integer("-100")),
            Relation(.columns(["c1", "c2"]), .greater, .tuple([.integer("1"), .string("a")])),
            Relation(.column("tags"), .contains, .string("x")),
            Relation(.column("m"), .containsKey, .string("k")),
            Relation(.column("other"), .in, .bindMarker(BindMarker(index: 2))),
        ])
        #expect(select.orderBy == [Ordering("ts", .descending), Ordering("c1", .ascending)])
        #expect(select.perPartitionLimit == .integer("2"))
        #expect(select.limit == .integer("100"))
        #expect(select.allowFiltering)
        #expect(try parse("SELECT * FROM t LIMIT ?") == .select(.init(table: TableName("t"), limit: .bindMarker(BindMarker(index: 0)))))
        #expect(try parse("SELECT \"Key\", key, \"a\"\"b\" FROM \"T\"") == .select(.init(
            table: TableName("T"), selectors: [Selector(.column("Key")), Selector(.column("key")), Selector(.column("a\"b"))])))
    }

    @Test("BATCH of INSERT, UPDATE and DELETE")
    func batch() throws {
        let statement = try parse("""
            BEGIN UNLOGGED BATCH USING TIMESTAMP 5
              INSERT INTO t (k, v) VALUES (1, 'a');
              UPDATE t SET v = 'b' WHERE k = 2
              DELETE FROM t WHERE k = ?;
            APPLY BATCH;
            """)
        guard case .batch(let batch) = statement else { Issue.record("not BATCH"); return }
        #expect(batch.kind == .unlogged)
        #expect(batch.using == UsingClause(timestamp: .integer("5")))
        #expect(batch.statements.count == 3)
        #expect(statement.bindMarkers == [BindMarker(index: 0)])
        guard case .batch(let counter) = try parse("BEGIN COUNTER BATCH UPDATE c SET n = n + 1 WHERE k = 1; APPLY BATCH") else { return }
        #expect(counter.kind == .counter)
        guard case .batch(let logged) = try parse("begin batch apply batch") else { return }
        #expect(logged.kind == .logged && logged.statements.isEmpty)
    }

    @Test("comments, case, quoting and a trailing semicolon")
    func lexicalDetails() throws {
        let statement = try parse("""
            -- a comment
            select /* inline */ * FROM Users // another
            WHERE "UserId" = 1 ; -- done
            """)
        #expect(statement == .select(.init(table: TableName("users"), whereClause: [Relation(.column("UserId"), .equal, .integer("1"))])))
        #expect(TableName(keyspace: "Ks", "select").description == "\"Ks\".\"select\"")
    }

    @Test("bind markers: count, order, names and receivers")
    func bindMarkers() throws {
        let insert = try parse("INSERT INTO t (k, v, l) VALUES (?, :val, [?, ?]) USING TTL ? AND TIMESTAMP :ts")
        #expect(insert.bindMarkers.count == 6)
        #expect(insert.boundVariables.map(\.name) == ["k", "val", "l", "l", "[ttl]", "ts"])
        #expect(insert.boundVariables.map(\.receiver) == [.column("k"), .column("v"), .element(.column("l")), .element(.column("l")), .ttl, .timestamp])

        let select = try parse("SELECT * FROM t WHERE token(k) > ? AND k IN ? AND (a, b) > (?, ?) AND c IN (?, ?) LIMIT ?")
        #expect(select.boundVariables.map(\.name) == ["partition key token", "in(k)", "a", "b", "c", "c", "[limit]"])
        let types: [String: CQLType] = ["k": .int, "a": .text, "b": .bigint, "c": .uuid]
        #expect(select.boundVariables.map { $0.receiver.type { types[$0] } } == [.bigint, .list(.int), .text, .bigint, .uuid, .uuid, .int])

        let update = try parse("UPDATE t SET m[?] = ?, s = s + {?} WHERE k = ?")
        #expect(update.boundVariables.map(\.name) == ["key(m)", "value(m)", "s", "k"])
        let mapTypes: [String: CQLType] = ["m": .map(.text, .int), "s": .set(.uuid), "k": .int]
        #expect(update.boundVariables.map { $0.receiver.type { mapTypes[$0] } } == [.text, .int, .uuid, .int])
        #expect(try parse("CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy'}").bindMarkers.isEmpty)
    }
}

@Suite("CQL parser: syntax errors") struct CQLSyntaxErrorTests {
    func error(_ text: String) -> String {
        do {
            _ = try CQLParser.parse(text)
            return "parsed"
        } catch {
            return error.description
        }
    }

    @Test("errors say where (line:column, from 0 like Cassandra) and what was expected")
    func messages() {
        #expect(error("SELECT name FORM users") == "line 1:12 expected FROM after the selected columns but found 'FORM'")
        #expect(error("SELECT * FRM users") == "line 1:9 expected FROM after SELECT * but found 'FRM'")
        #expect(error("SELEC * FROM t") == "line 1:0 expected a statement (SELECT, INSERT, UPDATE, DELETE, BEGIN BATCH, CREATE, DROP, TRUNCATE, USE) but found 'SELEC'")
        #expect(error("SELECT * FROM t\nWHERE k = 1 AND") == "line 2:15 expected a column name in the WHERE clause but found the end of the statement")
        #expect(error("SELECT * FROM t WHERE k == 1") == "line 1:25 expected a value but found '='")
        #expect(error("SELECT * FROM t WHERE k 1") == "line 1:24 expected an operator (=, <, <=, >, >=, IN, CONTAINS) after k but found '1'")
        #expect(error("INSERT INTO t (a, b) VALUES (1)") == "line 1:14 the INSERT names 2 columns but gives 1 value")
        #expect(error("INSERT INTO t (a) VALUES ('oops)") == "line 1:26 a string starting with ' is never closed")
        #expect(error("CREATE TABLE t (k strnig PRIMARY KEY)").hasPrefix("line 1:18 unknown type strnig for k"))
        #expect(error("CREATE TABLE t (k int, v text)") == "line 1:30 a table needs a PRIMARY KEY")
        #expect(error("CREATE TABLE t (k int, PRIMARY KEY (x))") == "line 1:23 the primary key names x, which is not a column of the table")
        #expect(error("SELECT * FROM select") == "line 1:14 expected a table name but found the reserved keyword SELECT (write it in double quotes to use it as a name)")
        #expect(error("SELECT * FROM t LIMIT 'x'") == "line 1:22 expected a whole number or ? after LIMIT but found ''x''")
        #expect(error("SELECT * FROM t extra") == "line 1:16 expected the end of the statement but found 'extra'")
        #expect(error("UPDATE t SET v = 1") == "line 1:18 expected WHERE after the SET assignments but found the end of the statement")
        #expect(error("BEGIN BATCH SELECT * FROM t APPLY BATCH") == "line 1:12 expected INSERT, UPDATE, DELETE or APPLY BATCH in the batch but found 'SELECT'")
        #expect(error("SELECT * FROM t WHERE b = 0x123") == "line 1:26 the blob literal 0x123 has an odd number of hex digits")
        #expect(error("/* never closed") == "line 1:0 a /* comment is never closed with */")
        #expect(error("") == "line 1:0 expected a statement but the text is empty")
        #expect(error("SELECT * FROM t WHERE a = b") == "line 1:26 expected a value but found 'b' (a name is not a value: quote text as 'text')")
    }
}
