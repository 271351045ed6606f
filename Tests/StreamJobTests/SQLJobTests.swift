import Contracts
import Foundation
import KafkaClient
import LabKit
import StreamingSolution
import StreamProcessing
import Testing

/// `box stream --job sql`: the SQL front end, checked against brute force.
@Suite("box stream --job sql")
struct SQLJobTests {
    /// Runs `statement` in-process on the reference operators; the TSV lines of its answer (header first).
    static func query(_ statement: String, input: String? = nil, format: InputFormat = .json, kafka: String? = nil,
                      stopWhenIdle: Duration? = nil) async throws -> (lines: [String], summary: SQLJob.Summary) {
        var options = SQLJob.Options(statement: statement)
        options.input = input
        options.format = format
        options.bootstrapServers = kafka.map { [$0] } ?? []
        options.stopWhenIdle = stopWhenIdle
        options.batchBytes = 256 << 10
        var lines: [String] = []
        let summary = try await SQLJob(lab: StreamingToolkit(), options: options).run(
            header: { lines.append($0.joined(separator: "\t")) },
            rows: { for row in $0 { lines.append(row.map(\.text).joined(separator: "\t")) } })
        return (lines, summary)
    }

    /// The statement's SQLError message (it must fail).
    static func error(_ statement: String) async -> String {
        do {
            _ = try SQLPlan(statement)
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    static func events(_ scratch: Scratch, format: InputFormat, count: Int = 40_000) throws -> [HashtagEvent] {
        let config = WindowTopKCommandTests.config(seed: 5, hashtags: 50)
        try HashtagInput.write(config, count: count, format: format, to: scratch.url.appendingPathComponent("in.\(format)"))
        return HashtagInput.events(config, count: count)
    }

    @Test("a tumbling-window COUNT(*) with EMIT FINAL equals brute force, from JSON and CSV", arguments: [InputFormat.json, .csv])
    func windowedFinal(format: InputFormat) async throws {
        let scratch = try Scratch()
        let events = try Self.events(scratch, format: format)
        let (lines, summary) = try await Self.query(
            "SELECT hashtag, COUNT(*) AS n FROM events WINDOW TUMBLING (SIZE 10 SECONDS) GROUP BY hashtag EMIT FINAL",
            input: scratch.path("in.\(format)"), format: format)
        var expected: [String] = []
        let byWindow = Dictionary(grouping: events) { $0.ts - (($0.ts % 10_000) + 10_000) % 10_000 }
        for start in byWindow.keys.sorted() {
            let counts = Dictionary(grouping: byWindow[start]!, by: \.hashtag).mapValues(\.count)
            for tag in counts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                expected.append("\(start)\t\(start + 10_000)\t\(tag)\t\(counts[tag]!)")
            }
        }
        #expect(lines.first == "windowstart\twindowend\thashtag\tn")
        #expect(Array(lines.dropFirst()) == expected, "the windows' counts differ from a brute-force count")
        #expect(summary.rowsIn == Int64(events.count) && summary.late == 0 && summary.malformed == 0, "\(summary)")
    }

    @Test("bounded: WHERE, GROUP BY, HAVING, ORDER BY … DESC, LIMIT equal brute force")
    func bounded() async throws {
        let scratch = try Scratch()
        let events = try Self.events(scratch, format: .json)
        let (lines, _) = try await Self.query("""
            SELECT user_id, COUNT(*) AS posts, COUNT(DISTINCT hashtag) AS tags, MIN(ts) AS first
            FROM events WHERE hashtag != 'swift' AND user_id % 2 = 0
            GROUP BY user_id HAVING COUNT(*) >= 3 ORDER BY posts DESC, user_id LIMIT 7;
            """, input: scratch.path("in.json"))
        let kept = events.filter { $0.hashtag != "swift" && $0.userId % 2 == 0 }
        let byUser = Dictionary(grouping: kept, by: \.userId).filter { $0.value.count >= 3 }
        let expected = byUser.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key }
            .prefix(7).map { user, rows in "\(user)\t\(rows.count)\t\(Set(rows.map(\.hashtag)).count)\t\(rows.map(\.ts).min()!)" }
        #expect(lines == ["user_id\tposts\ttags\tfirst"] + expected)
    }

    @Test("bounded: SELECT * with WHERE and LIMIT stops early; expressions, LIKE, IN, aliases")
    func projection() async throws {
        let scratch = try Scratch()
        let events = try Self.events(scratch, format: .csv)
        let (lines, summary) = try await Self.query(
            "SELECT * FROM events WHERE hashtag LIKE 's%t' LIMIT 3", input: scratch.path("in.csv"), format: .csv)
        let swift = events.filter { $0.hashtag.hasPrefix("s") && $0.hashtag.hasSuffix("t") }.prefix(3)
        #expect(lines == ["user_id\thashtag\tts"] + swift.map { "\($0.userId)\t\($0.hashtag)\t\($0.ts)" })
        #expect(summary.rowsIn < Int64(events.count), "LIMIT without ORDER BY need not read everything")

        let (upper, _) = try await Self.query(
            "SELECT UPPER(hashtag) AS tag, ts / 1000 AS s, user_id IN (1, 2, 3) AS early FROM events WHERE user_id IN (1, 2, 3) LIMIT 2",
            input: scratch.path("in.csv"), format: .csv)
        let firstTwo = events.filter { [1, 2, 3].contains($0.userId) }.prefix(2)
        #expect(upper == ["tag\ts\tearly"] + firstTwo.map { "\($0.hashtag.uppercased())\t\($0.ts / 1000)\ttrue" })

        let (total, _) = try await Self.query("SELECT COUNT(*) AS n, SUM(user_id) AS s FROM events WHERE hashtag = 'no-such-tag'",
                                              input: scratch.path("in.csv"), format: .csv)
        #expect(total == ["n\ts", "0\tNULL"], "an aggregate over no rows is one row: COUNT 0, SUM NULL")
    }

    @Test("JSON lines: escapes, nested objects, arrays, NULL, case-insensitive keys; malformed lines counted and skipped")
    func jsonLines() async throws {
        let scratch = try Scratch()
        let lines = [
            #"{"user_id":1,"hashtag":"a\"b","ts":5,"meta":{"x":[1,{"y":2}]}}"#,
            #"{"user_id":2,"hashtag":"caf\u00e9","ts":6.5,"tags":["x","y"]}"#,
            "not json",
            #"{"user_id":3} trailing"#,
            #"{"user_id":9,"hashtag":"unterminated}"#,
            #"  {"USER_ID":4,"hashtag":null,"ts":-7,"tags":[]}  "#,
            "",
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: scratch.url.appendingPathComponent("t.json"))
        let (rows, summary) = try await Self.query("SELECT user_id, hashtag, ts, LENGTH(tags) AS n, hashtag IS NULL AS missing FROM t",
                                                   input: scratch.path("t.json"))
        #expect(rows == ["user_id\thashtag\tts\tn\tmissing", "1\ta\"b\t5\tNULL\tfalse", "2\tcafé\t6.5\t2\tfalse", "4\tNULL\t-7\t0\ttrue"])
        #expect(summary.malformed == 3, "three lines are not one JSON object each: \(summary)")
    }

    @Test("chirps: hashtags and mentions derived from the text for a query that reads them, and known to one that names them wrong")
    func derivedColumns() async throws {
        let scratch = try Scratch()
        let lines = [
            #"{"id":"a","type":"post","user":1,"ts":5,"text":"hi @bob #swift and #kafka"}"#,
            #"{"id":"b","type":"like","user":2,"ts":6,"post":"a"}"#,
        ]
        try Data(lines.joined(separator: "\n").utf8).write(to: scratch.url.appendingPathComponent("c.json"))
        let derived = try await Self.query("SELECT id, hashtags, mentions FROM c", input: scratch.path("c.json"))
        #expect(derived.lines == ["id\thashtags\tmentions", "a\t[swift,kafka]\t[bob]", "b\tNULL\tNULL"], "\(derived.lines)")
        let exploded = try await Self.query("SELECT EXPLODE(hashtags) AS tag FROM c", input: scratch.path("c.json"))
        #expect(exploded.lines == ["tag", "swift", "kafka"], "\(exploded.lines)")
        // Not read: not derived, and the other columns are as before.
        let plain = try await Self.query("SELECT id, ts FROM c WHERE id LIKE 'a%'", input: scratch.path("c.json"))
        #expect(plain.lines == ["id\tts", "a\t5"], "\(plain.lines)")
        do {
            _ = try await Self.query("SELECT hashtag FROM c", input: scratch.path("c.json"))
            Issue.record("an unknown column was accepted")
        } catch {
            #expect("\(error)".contains("unknown column \"hashtag\"") && "\(error)".contains("hashtags, mentions"), "\(error)")
        }
    }

    @Test("over a topic: EMIT CHANGES ends at brute force's counts; a bounded query reads to the end offsets")
    func topic() async throws {
        let scratch = try Scratch()
        let broker = try Broker(in: scratch)
        let chirps = TopicJobTests.workload(6_000)
        try await TopicJobTests.produce(chirps, garbage: ["not json", "{", ""], to: broker)

        let (changes, summary) = try await Self.query("""
            SELECT EXPLODE(hashtags) AS hashtag, COUNT(*) AS n FROM chirps
            WINDOW HOPPING (SIZE 60 SECONDS, ADVANCE BY 10 SECONDS) GROUP BY hashtag EMIT CHANGES
            """, kafka: broker.address, stopWhenIdle: .seconds(1))
        #expect(changes.first == "windowstart\twindowend\thashtag\tn")
        var latest: [Int64: [String: Int64]] = [:]
        for line in changes.dropFirst() {
            let cells = line.split(separator: "\t")
            latest[Int64(cells[0])!, default: [:]][String(cells[2])] = Int64(cells[3])!
        }
        let expected = Self.explodedCounts(chirps)
        #expect(!expected.isEmpty)
        #expect(latest == expected, "the last change of every (window, hashtag) must be its full count")
        #expect(summary.malformed == 3, "\"not json\", \"{\" and the empty value are malformed, counted and skipped: \(summary)")

        let (kinds, _) = try await Self.query("SELECT type, COUNT(*) AS n FROM chirps GROUP BY type ORDER BY type", kafka: broker.address)
        let counts = Dictionary(grouping: chirps, by: \.kind.rawValue).mapValues(\.count)
        #expect(kinds == ["type\tn"] + counts.keys.sorted().map { "\($0)\t\(counts[$0]!)" })
    }

    /// Per sliding window (60 s every 10 s): how often each hashtag occurs in posts (every occurrence, as EXPLODE gives).
    static func explodedCounts(_ chirps: [ChirpEvent]) -> [Int64: [String: Int64]] {
        var windows: [Int64: [String: Int64]] = [:]
        for event in chirps where event.kind == .post {
            let last = event.ts - event.ts % 10_000
            for start in stride(from: last - 50_000, through: last, by: 10_000) {
                for tag in event.hashtags { windows[start, default: [:]][tag, default: 0] += 1 }
            }
        }
        return windows
    }

    @Test("bad SQL gets an error that says what is wrong and where", arguments: [
        ("SELEC hashtag FROM x", "a query starts with SELECT"),
        ("DELETE FROM chirps", "only SELECT statements"),
        ("SELECT hashtag FROM", "expected the table or topic to read"),
        ("SELECT hashtag, COUNT(*) FROM x", "column \"hashtag\" must be in GROUP BY"),
        ("SELECT hashtag FROM x WHERE COUNT(*) > 3", "cannot be used in WHERE"),
        ("SELECT hashtag, COUNT(*) FROM x GROUP BY hashtag WINDOW TUMBLING (SIZE 10 SECONDS)", "WINDOW comes right after FROM"),
        ("SELECT hashtag, COUNT(*) FROM x WINDOW TUMBLING (SIZE 10 PARSECS) GROUP BY hashtag", "a unit of time"),
        ("SELECT hashtag, COUNT(*) FROM x WINDOW HOPPING (SIZE 10 SECONDS) GROUP BY hashtag", "needs ADVANCE BY"),
        ("SELECT hashtag, COUNT(*) FROM x WINDOW HOPPING (SIZE 10 SECONDS, ADVANCE BY 3 SECONDS) GROUP BY hashtag", "multiple of its ADVANCE BY"),
        ("SELECT hashtag FROM x WINDOW TUMBLING (SIZE 10 SECONDS)", "a windowed query aggregates"),
        ("SELECT hashtag FROM x EMIT FINAL", "needs a WINDOW clause"),
        ("SELECT hashtag, COUNT(*) FROM x GROUP BY hashtag ORDER BY 2 EMIT CHANGES", "ORDER BY needs the whole input"),
        ("SELECT SUM(*) FROM x", "only COUNT takes *"),
        ("SELECT COUNT(SUM(ts)) FROM x", "cannot be nested"),
        ("SELECT FOO(ts) FROM x", "unknown function FOO"),
        ("SELECT 'unterminated FROM x", "no closing quote"),
        ("SELECT ts FROM x LIMIT ten", "LIMIT takes a whole number"),
        ("SELECT ts FROM x WHERE", "ends where an expression was expected"),
        ("SELECT ts FROM x ORDER BY 3", "there is no output column 3"),
        ("SELECT ts FROM x; SELECT 1", "unexpected SELECT"),
    ])
    func badSQL(statement: String, expected: String) async {
        let message = await Self.error(statement)
        #expect(message.contains(expected), "for \(statement)")
        #expect(message.hasPrefix("SQL error"))
    }

    @Test("box stream --job sql: TSV on stdout; bad SQL and unknown columns exit 2 with the error; the starter track says which step")
    func command() throws {
        let scratch = try Scratch()
        _ = try Self.events(scratch, format: .json, count: 2_000)
        let good = try BuiltProducts.run("box", ["stream", "--job", "sql", "--input", scratch.path("in.json"), "--query",
                                                 "SELECT hashtag, COUNT(*) AS n FROM events GROUP BY hashtag ORDER BY n DESC, hashtag LIMIT 3"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.output.split(separator: "\n").count == 4 && good.output.hasPrefix("hashtag\tn\n"), "\(good.output)")
        #expect(good.stderr.contains("2000 rows in, 3 out"), "\(good.stderr)")

        let bad = try BuiltProducts.run("box", ["stream", "--job", "sql", "--input", scratch.path("in.json"), "--query",
                                                "SELECT hashtag, COUNT(*) FROM events GROUP BY hashtag WINDOW TUMBLING (SIZE 1 SECONDS)"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("WINDOW comes right after FROM") && bad.stderr.contains("^"), "\(bad.stderr)")

        let unknown = try BuiltProducts.run("box", ["stream", "--job", "sql", "--input", scratch.path("in.json"), "--query",
                                                    "SELECT hashtg FROM events"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown column \"hashtg\"") && unknown.stderr.contains("hashtag, ts"), "\(unknown.stderr)")

        let starter = try BuiltProducts.run("box", ["stream", "--job", "sql", "--track", "starter", "--input", scratch.path("in.json"),
                                                    "--query", "SELECT hashtag FROM events WHERE user_id < 10"])
        #expect(starter.status != 0)
        #expect(starter.stderr.contains("step 1"), "the starter track runs the student's operators: \(starter.stderr)")
    }
}
