import ArgumentParser
import Contracts
import Foundation

/// `box load`: the seeded Chirp workload, printed (`--dry-run`) or sent to the API.
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

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events must be 0 or more") }
        guard users >= 1 else { throw ValidationError("--users must be at least 1") }
        guard hashtags >= 1 else { throw ValidationError("--hashtags must be at least 1") }
        guard rate.isFinite, rate >= 0.001 else { throw ValidationError("--rate must be at least 0.001 events/s") }
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

    func run() async throws {
        guard dryRun else {
            FileHandle.standardError.write(Data("""
                box load: sending to the API arrives with the API lab (issue #6).
                Use --dry-run to print the events instead.

                """.utf8))
            throw ExitCode(2)
        }
        var workload = Workload(config)
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
