import ArgumentParser
import Contracts
import Foundation

/// `box load`: the seeded Chirp workload, printed (`--dry-run`) or POSTed to the API (`--api`).
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the Chirp workload: seeded, reproducible, fast.",
        discussion: """
            With --dry-run, prints the events as JSON lines to stdout; the same options \
            always give the same bytes. --truth FILE writes the injected hashtag bursts \
            (the ground truth for trend detection) as JSON.
            """)

    @Flag(help: "Print the events as JSON lines instead of sending them.")
    var dryRun = false

    @Option(help: "How many events.")
    var events = 1_000

    @Option(help: "The seed: the same seed gives the same events.")
    var seed: UInt64 = 1

    @Option(help: "How many users.")
    var users = 10_000

    @Option(help: "How many distinct hashtags.")
    var hashtags = 1_000

    @Option(help: "Events per second of event time.")
    var rate = 1_000.0

    @Option(help: "Write the hashtag bursts in the generated span to this file (JSON).")
    var truth: String?

    @Option(help: "The ingest API to POST the events to, e.g. http://127.0.0.1:8080 (box api).")
    var api: String?

    @Option(help: "The x-api-key to send (default: the first of $CHIRP_API_KEYS).")
    var apiKey: String?

    @Option(help: "Keep-alive connections to the API.")
    var connections = 16

    @Option(help: "Events per request: 1 posts to /v1/events, more to /v1/events:batch.")
    var batch = 1

    @Option(help: "Events per second to send, open loop (0: as fast as the API answers).")
    var sendRate = 0.0

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events must be 0 or more") }
        guard users >= 1 else { throw ValidationError("--users must be at least 1") }
        guard hashtags >= 1 else { throw ValidationError("--hashtags must be at least 1") }
        guard rate.isFinite, rate >= 0.001 else { throw ValidationError("--rate must be at least 0.001 events/s") }
        guard dryRun || api != nil else { throw ValidationError("say where the events go: --api http://HOST:PORT (box api), or --dry-run to print them") }
        if let api { _ = try Self.endpoint(api) }
        guard connections >= 1, batch >= 1, sendRate >= 0 else { throw ValidationError("--connections and --batch must be at least 1, --send-rate 0 or more") }
        let spanMs = Double(events) * 1_000 / rate
        guard Double(config.startMs) + spanMs < Double(ChirpEvent.tsRange.upperBound) else {
            throw ValidationError("--events \(events) at --rate \(rate) would run past the year 9999: raise the rate")
        }
    }

    var config: WorkloadConfig {
        var config = WorkloadConfig(seed: seed)
        config.users = users
        config.hashtags = hashtags
        config.rate = rate
        return config
    }

    /// host and port of `--api`.
    static func endpoint(_ url: String) throws -> (host: String, port: Int) {
        guard let components = URLComponents(string: url), components.scheme == "http", let host = components.host else {
            throw ValidationError("--api must be http://HOST:PORT (got \(url))")
        }
        return (host, components.port ?? 80)
    }

    func run() async throws {
        var workload = Workload(config)
        if !dryRun, let api {
            let (host, port) = try Self.endpoint(api)
            var events: [ChirpEvent] = []
            events.reserveCapacity(self.events)
            for _ in 0..<self.events { if let event = workload.next() { events.append(event) } }
            let key = apiKey ?? ProcessInfo.processInfo.environment["CHIRP_API_KEYS"]?.split(separator: ",").first.map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            let load = APILoad(host: host, port: port, apiKey: key, connections: connections, batch: batch, sendRate: sendRate)
            let report: APILoad.Report
            do {
                report = try await load.run(events)
            } catch {
                FileHandle.standardError.write(Data("box load: cannot reach the API at \(api): \(error)\n".utf8))
                throw ExitCode(1)
            }
            print(report.summary)
            if report.requests == 0 || report.transportErrors == report.requests { throw ExitCode(1) }
            return
        }
        if let truth {
            let spanEnd = config.startMs + Int64((Double(events) * 1_000 / rate).rounded(.up))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(workload.bursts(until: spanEnd)).write(to: URL(fileURLWithPath: truth))
        }
        var output = FileOutput.standardOutput
        try output.writeJSONLines(&workload, count: events)
    }
}
