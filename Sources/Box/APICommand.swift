import APISolution
import APIStarter
import ArgumentParser
import ChirpAPI
import Contracts
import Foundation
import KafkaClient

/// `box api`: the ingest API, on the reference lab or the student's.
struct API: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The ingest API (API lab): POST events, get notifications; publishes to the chirps topic.")

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The Kafka broker (HOST:PORT) to publish to and follow moderation and notifications on; without it, events stay in memory.")
    var kafka: String?

    @Option(help: "Accepted x-api-key values, comma-separated (default: $CHIRP_API_KEYS; none turns authentication off).")
    var apiKeys: String?

    @Option(name: .customLong("max-body-bytes"), help: "The largest request body; larger ones get 413.")
    var maxBodyBytes = 1 << 20

    @Option(help: "Each user's rate limit, events per second.")
    var rate = 100.0

    @Option(help: "Each user's burst above the rate.")
    var burst = 200

    @Option(help: "Events in the log's hands at once before answering 503.")
    var maxInFlight = 50_000

    @Option(help: "A user actor idle this long (ms) is passivated.")
    var idleAfterMs: Int64 = 60_000

    @Option(help: "How often (ms) a quiet notification stream gets a heartbeat comment.")
    var heartbeatMs: Int64 = 15_000

    @Option(help: "Whose API core: solution (the reference) or starter (yours, Labs/API).")
    var track = "solution"

    @Flag(name: .customLong("bare-route"), help: .hidden)
    var bareRoute = false

    func validate() throws {
        guard ["starter", "solution"].contains(track) else { throw ValidationError("--track must be starter or solution") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard rate > 0, burst >= 1 else { throw ValidationError("--rate must be above 0 and --burst at least 1") }
        guard maxInFlight >= 1, maxBodyBytes >= 1 else { throw ValidationError("--max-in-flight and --max-body-bytes must be at least 1") }
        if let kafka, kafka.split(separator: ":").count != 2 { throw ValidationError("--kafka must be HOST:PORT (got \(kafka))") }
    }

    func run() async throws {
        if bareRoute {
            // The benchmark's anchor: Hummingbird alone, a route that reads the body.
            let host = self.host
            let app = APIBench.bareApplication(host: host, port: port) { port in
                FileHandle.standardOutput.write(Data("box api --bare-route listening on http://\(host):\(port)\n".utf8))
            }
            try await app.runService()
            return
        }
        var configuration = APIConfiguration()
        configuration.host = host
        configuration.port = port
        let keys = apiKeys ?? ProcessInfo.processInfo.environment["CHIRP_API_KEYS"] ?? ""
        configuration.apiKeys = Set(keys.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        configuration.maxBodyBytes = maxBodyBytes
        configuration.maxInFlight = maxInFlight
        configuration.heartbeatMs = max(heartbeatMs, 10)
        configuration.users = UserDirectoryConfiguration(rateLimit: RateLimit(eventsPerSecond: rate, burst: burst), idleAfterMs: idleAfterMs)

        let sink: any EventSink
        var producer: KafkaProducer?
        if let kafka {
            var producerConfiguration = ProducerConfiguration(bootstrapServers: [kafka])
            producerConfiguration.linger = .zero  // a batch goes as soon as its partition has none in flight; records wait only while one is
            // Big batches (as librdkafka's batch.size): a burst of requests goes in a few round trips.
            producerConfiguration.batchBytes = 512 << 10
            producerConfiguration.retry = RetryPolicy(retries: 5, backoff: .milliseconds(100), maxBackoff: .seconds(1))
            // A retry after a lost answer (the broker restarted) keeps its producer id and sequence, so the broker drops the duplicate.
            producerConfiguration.idempotent = true
            // One batch in flight a partition, not Kafka's five: on 2 cores shared with the broker, more and smaller
            // batches cost more CPU than the overlap saves (wrk, 64 connections: 13.3-13.9k events/s with 1, 10-11.8k with 5).
            producerConfiguration.maxInFlightPerPartition = 1
            producerConfiguration.produceTimeout = .seconds(5)
            let made = try KafkaProducer(configuration: producerConfiguration)
            producer = made
            sink = KafkaEventSink(producer: made)
        } else {
            sink = MemoryEventSink()
        }
        let lab: any APILab = track == "starter" ? APIStarter.APIToolkit() : APISolution.APIToolkit()
        let service = try APIService(configuration: configuration, lab: lab, sink: sink)
        let where_ = kafka.map { "events to the chirps topic on \($0)" } ?? "events kept in memory (no --kafka)"
        let auth = configuration.apiKeys.isEmpty ? "authentication off (no keys)" : "\(configuration.apiKeys.count) API key(s)"
        let track = self.track, host = configuration.host
        let app = APIServer.application(service: service) { port in
            FileHandle.standardOutput.write(Data("box api (\(track)) listening on http://\(host):\(port), \(where_), \(auth)\n".utf8))
        }
        let deadline = ShutdownDeadline("box api")  // notification streams never end by themselves
        defer { withExtendedLifetime(deadline) {} }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await service.passivateIdleActors() }
            if let kafka {
                let feeds = Feeds(service: service, bootstrapServers: [kafka])
                group.addTask { await feeds.followModeration() }
                group.addTask { await feeds.followNotifications() }
            }
            try await app.runService()
            group.cancelAll()
        }
        await producer?.close()
    }
}
