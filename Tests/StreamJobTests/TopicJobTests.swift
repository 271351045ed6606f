import CQLClient
import Contracts
import Foundation
import KafkaClient
import LabKit
import StreamProcessing
import Testing

/// `box stream --job trending|spam` over a topic of a `box broker`.
@Suite("box stream --job trending|spam")
struct TopicJobTests {
    static let window = WindowSpec.sliding(60_000, every: 10_000)

    /// Chirps of the workload (disorder within the watermark, no late events), produced to `chirps`, plus some garbage.
    static func produce(_ events: [ChirpEvent], garbage: [String], to broker: Broker) async throws {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
        var deliveries: [Delivery] = []
        for (i, event) in events.enumerated() {
            deliveries.append(try await producer.enqueue(topic: "chirps", key: Array(String(event.user).utf8), value: Array(event.jsonLine.utf8)))
            if i % 997 == 0, i / 997 < garbage.count {
                deliveries.append(try await producer.enqueue(topic: "chirps", value: Array(garbage[i / 997].utf8)))
            }
        }
        await producer.flush()
        for delivery in deliveries { _ = try await delivery.acknowledged() }
        await producer.close()
    }

    static func workload(_ count: Int) -> [ChirpEvent] {
        var config = WorkloadConfig(seed: 77)
        config.lateShare = 0
        config.hashtags = 200
        config.users = 500
        config.rate = 200
        return Array(Workload(config).prefix(count))
    }

    /// Counts per sliding window of the keys `keys` gives each post.
    static func bruteForce(_ events: [ChirpEvent], keys: (ChirpEvent) -> [String]) -> [Int64: [String: Int64]] {
        var windows: [Int64: [String: Int64]] = [:]
        for event in events where event.kind == .post {
            let last = event.ts - event.ts % window.slide
            for start in stride(from: last - window.size + window.slide, through: last, by: Int(window.slide)) {
                for key in keys(event) { windows[start, default: [:]][key, default: 0] += 1 }
            }
        }
        return windows
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// Every row of `table` on `store`, each as its cells (bigint and int as numbers, text as text) joined by spaces, sorted.
    static func cqlRows(_ store: Store, _ table: String, columns: String = "*") async throws -> [String] {
        let connection = try await CQLConnection.connect(host: store.host, port: store.port)
        let rows = try await connection.selectAll("SELECT \(columns) FROM \(table)")
        await connection.close()
        return rows.rows.map { row in
            zip(rows.metadata.columns ?? [], row).map { column, cell -> String in
                guard let cell else { return "null" }
                switch column.type {
                case .bigint: return String(cell.reduce(Int64(0)) { $0 << 8 | Int64($1) })
                case .int: return String(cell.reduce(Int32(0)) { $0 << 8 | Int32($1) })
                default: return String(decoding: cell, as: UTF8.self)
                }
            }.joined(separator: " ")
        }.sorted()
    }

    @Test("trending: the top 10 hashtags of every sliding window, as brute force counts them, to a topic, a file and a CQL table")
    func trending() async throws {
        let scratch = try Scratch()
        let broker = try Broker(in: scratch)
        let store = try Store(in: scratch)
        let events = Self.workload(12_000)
        try await Self.produce(events, garbage: ["not json", #"{"id":"x"}"#, ""], to: broker)
        let run = try BuiltProducts.run("box", ["stream", "--job", "trending", "--kafka", broker.address, "--stop-when-idle", "1",
                                                "--output", scratch.path("trending.json"), "--checkpoint", scratch.path("cp"),
                                                "--cql", store.address])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("3 malformed"), "\(run.stderr)")
        var expected: [String] = []
        for (start, counts) in Self.bruteForce(events, keys: \.hashtags).sorted(by: { $0.key < $1.key }) {
            let top = counts.map { RankedKey($0.key, $0.value) }.sorted(by: RankedKey.ranksBefore).prefix(10)
            for (rank, entry) in top.enumerated() { expected.append("\(start) \(rank + 1) \(entry.key) \(entry.count)") }
        }
        let actual = try Self.jsonLines(try scratch.text("trending.json")).map {
            "\($0["window_start"]!) \($0["rank"]!) \($0["hashtag"]!) \($0["count"]!)"
        }
        #expect(actual.count == expected.count)
        #expect(actual == expected)

        // The same results are on the `trending` topic.
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [broker.address]))
        await consumer.assign([TopicPartition("trending", 0)])
        var onTopic = 0
        for _ in 0..<50 where onTopic < expected.count { onTopic += try await consumer.poll().count }
        await consumer.close()
        #expect(onTopic == expected.count)

        // And in the CQL table box.trending (window_start, rank, count, hashtag, window_end).
        let inTable = try await Self.cqlRows(store, "box.trending")
        let fromFile = try Self.jsonLines(try scratch.text("trending.json")).map {
            "\($0["window_start"]!) \($0["rank"]!) \($0["count"]!) \($0["hashtag"]!) \($0["window_end"]!)"
        }.sorted()
        #expect(inTable.count == expected.count)
        #expect(inTable == fromFile, "box.trending holds the rows of the output file")
    }

    @Test("spam: a verdict for every user above the threshold in a window, to the moderation topic and a CQL table")
    func spam() async throws {
        let scratch = try Scratch()
        let broker = try Broker(in: scratch)
        let store = try Store(in: scratch)
        let events = Self.workload(12_000)
        try await Self.produce(events, garbage: [], to: broker)
        let run = try BuiltProducts.run("box", ["stream", "--job", "spam", "--kafka", broker.address, "--stop-when-idle", "1",
                                                "--threshold", "40", "--output", scratch.path("verdicts.json"),
                                                "--checkpoint", scratch.path("cp"), "--cql", store.address, "--cql-table", "chirp.verdicts"])
        #expect(run.status == 0, "\(run.stderr)")
        var expected: Set<String> = []
        for (start, counts) in Self.bruteForce(events, keys: { [String($0.user)] }) {
            for (user, posts) in counts where posts > 40 { expected.insert("\(start) \(user) \(posts)") }
        }
        #expect(expected.count >= 5, "the workload should have a few heavy posters (Zipf users)")
        let verdicts = try Self.jsonLines(try scratch.text("verdicts.json"))
        let actual = Set(verdicts.map { "\($0["window_start"]!) \($0["user"]!) \($0["posts"]!)" })
        #expect(actual == expected)
        #expect(verdicts.count == actual.count, "one verdict per user and window")
        #expect(verdicts.allSatisfy { $0["verdict"] as? String == "throttle" })

        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [broker.address]))
        await consumer.assign([TopicPartition("moderation", 0)])
        var onTopic: [ConsumerRecord] = []
        for _ in 0..<50 where onTopic.count < expected.count { onTopic += try await consumer.poll() }
        await consumer.close()
        #expect(onTopic.count == expected.count)
        #expect(onTopic.allSatisfy { $0.key.map { String(decoding: $0, as: UTF8.self) }.map { Int64($0) != nil } == true },
                "verdicts are keyed by user id")
        let inTable = try await Self.cqlRows(store, "chirp.verdicts", columns: "window_start, user, posts")
        #expect(inTable == expected.sorted(), "chirp.verdicts holds one row per verdict")
    }

    @Test("partitions read at different paces: the watermark follows the slowest, so nothing in order is late")
    func perPartitionWatermarks() async throws {
        let scratch = try Scratch()
        let broker = try Broker(in: scratch, partitions: 2)
        var config = WindowTopKCommandTests.config(seed: 9, hashtags: 100)
        config.rate = 2_000
        let events = HashtagInput.events(config, count: 40_000)
        // Partition 0 gets 90% of the events, partition 1 the rest: with the
        // same bytes per fetch, partition 1 runs ahead in event time.
        let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
        var deliveries: [Delivery] = []
        for (i, event) in events.enumerated() {
            let line = HashtagInput.line(event, format: .json)
            deliveries.append(try await producer.enqueue(topic: "hashtags", value: Array(line.utf8.dropLast()), partition: i % 10 == 0 ? 1 : 0))
        }
        await producer.flush()
        for delivery in deliveries { _ = try await delivery.acknowledged() }
        await producer.close()
        let run = try BuiltProducts.run("box", ["stream", "--job", "trending", "--kafka", broker.address, "--topic", "hashtags",
                                                "--value-format", "json", "--window", "10s", "--top", "10", "--stop-when-idle", "1",
                                                "--max-partition-fetch-kib", "16", "--output-topic", "none",
                                                "--output", scratch.path("top.json"), "--checkpoint", scratch.path("cp")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("40000 events") && run.stderr.contains(" 0 late"), "\(run.stderr)")
        let actual = try Self.jsonLines(try scratch.text("top.json")).map {
            "\($0["window_start"]!)\t\($0["rank"]!)\t\($0["hashtag"]!)\t\($0["count"]!)\n"
        }.joined()
        #expect(actual == HashtagInput.bruteForceTopK(events, window: 10_000, top: 10))
    }

    @Test("kill -9 between two checkpoints: the restarted job reads again what came after the last one, and counts every event once")
    func killBetweenCheckpoints() async throws {
        let scratch = try Scratch()
        let broker = try Broker(in: scratch)
        var config = WindowTopKCommandTests.config(seed: 5, hashtags: 100)
        config.rate = 2_000
        let events = HashtagInput.events(config, count: 20_000)
        func produce(_ part: ArraySlice<HashtagEvent>) async throws {
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            var deliveries: [Delivery] = []
            for event in part {
                deliveries.append(try await producer.enqueue(topic: "hashtags", value: Array(HashtagInput.line(event, format: .json).utf8.dropLast())))
            }
            await producer.flush()
            for delivery in deliveries { _ = try await delivery.acknowledged() }
            await producer.close()
        }
        func waitFor(_ what: String, _ condition: () -> Bool) async throws {
            for _ in 0..<400 where !condition() { try await Task.sleep(for: .milliseconds(50)) }  // up to 20 s
            #expect(condition(), "\(what) within 20 s")
        }
        let checkpoints = scratch.url.appendingPathComponent("cp")
        func written() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []).filter { $0.hasSuffix(".checkpoint") }.count
        }
        func outputBytes() -> Int { (try? Data(contentsOf: scratch.url.appendingPathComponent("top.json")).count) ?? 0 }
        try await produce(events.prefix(10_000))
        // A checkpoint at most every 6 s: the first one covers the first half
        // (written once the job is idle and it is due); the second half is
        // then counted, and its windows emitted, before the next one.
        let arguments = ["stream", "--job", "trending", "--kafka", broker.address, "--topic", "hashtags", "--value-format", "json",
                         "--window", "10s", "--top", "10", "--checkpoint-interval", "6",
                         "--output-topic", "none", "--output", scratch.path("top.json"), "--checkpoint", scratch.path("cp")]
        let first = try BoxProcess(arguments, errors: scratch.url.appendingPathComponent("first.stderr"))
        try await waitFor("the job's first checkpoint") { written() > 0 }
        let covered = outputBytes()
        try await produce(events.suffix(10_000))
        try await waitFor("windows of the second half in the output") { outputBytes() > covered }
        #expect(written() == 1, "the second checkpoint came early: make --checkpoint-interval longer")
        first.kill9()

        let second = try BuiltProducts.run("box", arguments + ["--stop-when-idle", "1"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resumed after batch") && second.stderr.contains("10000 events"),
                "the restarted job should resume from the checkpoint and count the second half again: \(second.stderr)")
        // The file is cut back to what the checkpoint covered, and the windows
        // after it are emitted again: each window once, with exact counts.
        let actual = try Self.jsonLines(try scratch.text("top.json")).map {
            "\($0["window_start"]!)\t\($0["rank"]!)\t\($0["hashtag"]!)\t\($0["count"]!)\n"
        }.joined()
        #expect(actual == HashtagInput.bruteForceTopK(events, window: 10_000, top: 10),
                "after a crash the results must match a run without one: every event counted once")
    }

    @Test("a restarted job resumes from its checkpoint: nothing counted twice")
    func resume() async throws {
        let scratch = try Scratch()
        let broker = try Broker(in: scratch)
        let events = Self.workload(8_000)
        try await Self.produce(Array(events.prefix(4_000)), garbage: [], to: broker)
        let arguments = ["stream", "--job", "trending", "--kafka", broker.address, "--stop-when-idle", "1", "--top", "3",
                         "--output", scratch.path("trending.json"), "--checkpoint", scratch.path("cp"), "--output-topic", "none"]
        let first = try BuiltProducts.run("box", arguments)
        #expect(first.status == 0, "\(first.stderr)")
        try await Self.produce(Array(events.suffix(4_000)), garbage: [], to: broker)
        let second = try BuiltProducts.run("box", arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("resumed after batch"), "\(second.stderr)")
        // Other windows over the same checkpoints are refused (Spark's checkpoint `metadata`):
        // the open windows' counts would be read as those of windows of another length.
        let other = try BuiltProducts.run("box", arguments + ["--window", "30s"])
        #expect(other.status != 0, "a run with --window 30s over checkpoints of 1m windows must fail: \(other.stderr)")
        #expect(other.stderr.contains("were written by the trending job over topic chirps with sliding 1m every 10s windows; this run is the trending job over topic chirps with tumbling 30s windows"),
                "\(other.stderr)")
        // The first run closed every window at its end; the second counts only the new records.
        let counted = [first.stderr, second.stderr].map { text -> Int in
            let match = text.range(of: #"trending: (\d+) events"#, options: .regularExpression).map { text[$0] } ?? ""
            return Int(match.split(separator: " ")[1]) ?? -1
        }
        let hashtags = events.reduce(0) { $0 + $1.hashtags.count }
        #expect(counted[0] + counted[1] == hashtags, "\(counted) should add up to the \(hashtags) hashtags produced")
        // A window the first run emitted is final: the second run never emits it again.
        let ranks = try Self.jsonLines(try scratch.text("trending.json")).map { "\($0["window_start"]!) #\($0["rank"]!)" }
        #expect(Set(ranks).count == ranks.count, "a window was emitted twice: \(Dictionary(grouping: ranks) { $0 }.filter { $0.value.count > 1 }.keys.sorted().prefix(3))")
    }
}
