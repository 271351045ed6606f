import Foundation
import KafkaClient
import KafkaProtocol

/// The bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The text of `bytes` (nil stays nil).
func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }

struct TestTimeout: Error, CustomStringConvertible {
    let description: String
}

/// Polls `consumer` until it has returned `count` records in all, or fails
/// after `timeout` (each poll long-polls for at most the consumer's `maxWait`).
func consume(_ count: Int, from consumer: KafkaConsumer, timeout: Duration = .seconds(30)) async throws -> [ConsumerRecord] {
    let deadline = ContinuousClock.now + timeout
    var records: [ConsumerRecord] = []
    while records.count < count {
        guard ContinuousClock.now < deadline else {
            throw TestTimeout(description: "consumed \(records.count) of \(count) records within \(timeout)")
        }
        records += try await consumer.poll()
    }
    return records
}

/// Waits (checking every 10 ms) until `condition` holds, or fails after `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while await !condition() {
        guard ContinuousClock.now < deadline else { throw TestTimeout(description: "\(what) did not happen within \(timeout)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A consumer of `partitions` at `address`, positioned at their beginning.
func consumer(at address: String, partitions: [TopicPartition]) async throws -> KafkaConsumer {
    var configuration = ConsumerConfiguration(bootstrapServers: [address])
    configuration.maxWait = .milliseconds(200)
    let consumer = try KafkaConsumer(configuration: configuration)
    await consumer.assign(partitions)
    try await consumer.seek(to: .beginning)
    return consumer
}

/// The partitions 0..<count of `topic`.
func partitions(of topic: String, count: Int32 = 3) -> [TopicPartition] {
    (0..<count).map { TopicPartition(topic, $0) }
}
