import Foundation
import KafkaClient

/// The loop of a job that writes what it reads somewhere else: a consumer
/// group member on `topic` that hands each poll's records to `handle` and
/// commits the group's offsets only after `handle` returned (the output is
/// safe by then), so a crash replays at most the uncommitted records.
/// It runs until cancelled, or until no record came for `stopWhenIdle`.
struct CommittingConsumer {
    var configuration: ConsumerConfiguration
    var topic: String
    var stopWhenIdle: Duration?

    /// A group member's configuration: manual commits, 200 ms polls.
    init(bootstrapServers: [String], topic: String, group: String, stopWhenIdle: Duration?) {
        configuration = ConsumerConfiguration(bootstrapServers: bootstrapServers)
        configuration.groupID = group
        configuration.autoCommit = false
        configuration.maxWait = .milliseconds(200)
        self.topic = topic
        self.stopWhenIdle = stopWhenIdle
    }

    /// `committed` runs after each commit (for progress reports).
    func run(_ handle: ([ConsumerRecord]) async throws -> Void, committed: () -> Void = {}) async throws {
        let consumer = try KafkaConsumer(configuration: configuration)
        do {
            try await consumer.subscribe(topics: [topic])
            var idleSince = ContinuousClock.now
            while !Task.isCancelled {
                let records = try await consumer.poll()
                if records.isEmpty {
                    if let stopWhenIdle, ContinuousClock.now - idleSince >= stopWhenIdle { break }
                    continue
                }
                idleSince = ContinuousClock.now
                try await handle(records)
                try await consumer.commit()  // only now: the output took them
                committed()
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
    }
}
