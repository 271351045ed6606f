import ArgumentParser
import Contracts
import Foundation
import KafkaBroker
import LogSolution
import LogStarter

/// `box broker`: the Kafka-compatible broker, on the reference log or the student's.
struct Broker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Kafka-compatible broker (log lab): point kcat or any Kafka client at it.")

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 9092

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The host clients are told to connect to (default: --host).")
    var advertisedHost: String?

    @Option(help: "Where the partition logs and consumer offsets live.")
    var data = "box-data/broker"

    @Option(help: "Partitions of an auto-created topic.")
    var partitions = 1

    @Option(help: "How long a new consumer group waits for more members, in ms (group.initial.rebalance.delay.ms).")
    var groupInitialDelayMs = 300

    @Option(help: "segment.bytes: roll to a new segment past this size (small values make rolls visible).")
    var segmentBytes = 64 << 20

    @Option(help: "retention.bytes: delete the oldest segments while the log is larger (-1: keep everything).")
    var retentionBytes: Int64 = -1

    @Option(help: "retention.ms: delete segments last written longer ago than this (-1: keep everything).")
    var retentionMs: Int64 = 7 * 24 * 3_600_000

    @Option(help: "How often retention runs, in ms (log.retention.check.interval.ms).")
    var retentionCheckMs = 300_000

    @Option(help: "Whose log: solution (the reference) or starter (yours, Labs/Log).")
    var track = "solution"

    func validate() throws {
        guard ["starter", "solution"].contains(track) else { throw ValidationError("--track must be starter or solution") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        guard segmentBytes >= 1_024 else { throw ValidationError("--segment-bytes must be at least 1024") }
        guard retentionCheckMs >= 10 else { throw ValidationError("--retention-check-ms must be at least 10") }
    }

    func run() async throws {
        var config = BrokerConfig(dataDirectory: URL(fileURLWithPath: data))
        config.host = host
        config.port = port
        config.advertisedHost = advertisedHost
        config.partitionsPerTopic = partitions
        config.groupInitialRebalanceDelay = .milliseconds(groupInitialDelayMs)
        config.log.segmentBytes = segmentBytes
        config.log.retentionBytes = retentionBytes
        config.log.retentionMs = retentionMs
        config.retentionCheckInterval = .milliseconds(retentionCheckMs)
        let lab: any LogLab = track == "starter" ? LogStarter.LogToolkit() : LogSolution.LogToolkit()
        let server = try await BrokerServer(config: config, lab: lab)
        FileHandle.standardOutput.write(Data("box broker (\(track) log) listening on \(host):\(server.port), data in \(data)\n".utf8))
        try await server.run()
    }
}
