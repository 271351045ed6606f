import Contracts
import Foundation
import KafkaClient
import Mesos

/// The status line, every second while the load runs: tasks running, events
/// accepted by the API and its p99 latency, the log's end, the persist job's
/// consumer lag (what the store has yet to take), and the top hashtags of
/// the trending job's latest window. No `COUNT(*)` of the store: it reads
/// every row, and counting a million rows over and over took a fifth of the
/// store's time from the load it is there to watch.
enum DemoStatus {
    static func run(plan: DemoPlan, marathon: Marathon, load: DemoLoad.Progress) async {
        let instances = plan.apps.reduce(0) { $0 + $1.instances }
        var previous = (accepted: load.sample().accepted, end: (try? await LogProbe.read(plan.kafka))?.end ?? 0, at: ContinuousClock.now)
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let running = await marathon.taskList.filter { $0.state == "TASK_RUNNING" }.count
            let log = try? await LogProbe.read(plan.kafka)
            let (accepted, throttled, p99) = load.sample()
            let sampled = ContinuousClock.now
            let elapsed = max((sampled - previous.at) / .seconds(1), 0.001)
            func rate(_ now: Int, _ before: Int) -> Int { Int((Double(max(now - before, 0)) / elapsed).rounded()) }
            guard !Task.isCancelled else { return }
            var line = "status: tasks \(running)/\(instances) running · accepted \(accepted) (+\(rate(accepted, previous.accepted))/s"
                + (p99.map { String(format: ", p99 %.0f ms)", $0) } ?? ")")
                + (throttled == 0 ? "" : " · 429s \(throttled)")
            if let log {
                line += " · log end \(log.end) (+\(rate(log.end, previous.end))/s) · persist lag \(log.persistLag)"
            } else {
                line += " · log: the broker does not answer"
            }
            if let top = log?.topHashtags, !top.isEmpty { line += " · trending \(top.joined(separator: " "))" }
            say(line)
            previous = (accepted, log?.end ?? previous.end, sampled)
        }
    }
}

/// One look at the log: the chirps topic's end, how far the persist job's
/// group has committed, and the trending topic's latest window.
struct LogProbe {
    var end: Int
    var persistLag: Int
    var topHashtags: [String]

    static func read(_ kafka: String) async throws -> LogProbe {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [kafka]))
        defer { Task { await consumer.close() } }
        let (end, lag) = try await persistProgress(consumer)
        return LogProbe(end: end, persistLag: lag, topHashtags: (try? await latestTrending(consumer)) ?? [])
    }

    /// The persist job's lag alone: records in chirps its group has not committed yet.
    static func persistLag(_ kafka: String) async throws -> Int {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [kafka]))
        defer { Task { await consumer.close() } }
        return try await persistProgress(consumer).lag
    }

    /// The chirps topic's end (summed over partitions) and how far behind it
    /// the persist group's committed offsets are (it commits once the store took the rows).
    private static func persistProgress(_ consumer: KafkaConsumer) async throws -> (end: Int, lag: Int) {
        let ends = try await consumer.assignAtEnd(of: "chirps")
        let committed = (try? await consumer.committed(group: "persist", partitions: Array(ends.keys))) ?? [:]
        let lag = ends.reduce(0) { $0 + Int(max($1.value - (committed[$1.key] ?? 0), 0)) }
        return (Int(ends.values.reduce(0, +)), lag)
    }

    /// The top 3 of the newest window among the trending topic's last records.
    private static func latestTrending(_ consumer: KafkaConsumer) async throws -> [String] {
        let ends = try await consumer.assignAtEnd(of: "trending")
        for (partition, end) in ends { try await consumer.seek(partition, to: .offset(max(end - 30, 0))) }
        var rows: [(window: Int64, rank: Int64, text: String)] = []
        for _ in 0..<3 {
            for record in try await consumer.poll() {
                guard let value = record.value, let fields = try? JSONValue.parseObject(value),
                      case .integer(let window)? = fields["window_start"], case .integer(let rank)? = fields["rank"],
                      case .string(let hashtag)? = fields["hashtag"], case .integer(let count)? = fields["count"] else { continue }
                rows.append((window, rank, "#\(hashtag) \(count)"))
            }
            if await consumer.hasReached(ends) { break }
        }
        guard let newest = rows.map(\.window).max() else { return [] }
        return rows.filter { $0.window == newest }.sorted { $0.rank < $1.rank }.prefix(3).map(\.text)
    }
}
