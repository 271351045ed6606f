import Foundation
import KafkaClient
import KafkaProtocol
import Testing

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

/// Record i of the round-trip tests: key `user-(i % 97)`, value `chirp i…`,
/// headers `seq` = i and `source` with a null value.
func sampleRecord(_ i: Int) -> (key: [UInt8], value: [UInt8], headers: [RecordHeader]) {
    (bytes("user-\(i % 97)"), bytes("chirp \(i) with some text to make it a real record"),
     [RecordHeader(key: "seq", value: bytes("\(i)")), RecordHeader(key: "source", value: nil)])
}

/// Where each sample record went: per partition, (offset, record number) in offset order.
typealias Placement = [Int32: [(offset: Int64, index: Int)]]

/// Enqueues sample records 0..<count to `topic` in order, flushes, and
/// returns where each went, checking that offsets follow the enqueue order.
func produceSamples(_ count: Int, to topic: String, with producer: KafkaProducer) async throws -> Placement {
    var deliveries: [Delivery] = []
    for i in 0..<count {
        let record = sampleRecord(i)
        deliveries.append(try await producer.enqueue(topic: topic, key: record.key, value: record.value, headers: record.headers))
    }
    await producer.flush()
    var placement: Placement = [:]
    for (i, delivery) in deliveries.enumerated() {
        let (partition, offset) = try await delivery.acknowledged()
        placement[partition, default: []].append((offset, i))
    }
    for (partition, records) in placement {
        #expect(records.map(\.offset) == records.map(\.offset).sorted(), "partition \(partition): offsets follow the enqueue order")
    }
    return placement
}

/// Checks that `records` (as consumed) are the sample records of `placement`:
/// per partition the same offsets in order, with their keys, values and
/// headers; and that each key is in one partition, the one murmur2 picks.
func expectSamples(_ records: [ConsumerRecord], as placement: Placement, partitionCount: Int) throws {
    #expect(records.count == placement.values.reduce(0) { $0 + $1.count })
    for (partition, expected) in placement {
        let got = records.filter { $0.partition == partition }
        #expect(got.map(\.offset) == expected.map(\.offset), "partition \(partition): offsets in order")
        for (record, (_, index)) in zip(got, expected) {
            let want = sampleRecord(index)
            #expect(record.key == want.key && record.value == want.value && record.headers == want.headers,
                    "record \(index) at \(record.topicPartition)@\(record.offset)")
        }
    }
    var keyPartition: [[UInt8]: Int32] = [:]
    for record in records {
        let key = try #require(record.key)
        #expect(keyPartition[key, default: record.partition] == record.partition, "one key, one partition")
        keyPartition[key] = record.partition
        #expect(Murmur2.partition(forKey: key, partitionCount: partitionCount) == record.partition, "Kafka's murmur2 partitioner")
    }
}

/// An idempotent producer (small batches, so many sequence numbers) sends
/// 500 sample records to `topic`; a consumer reads them all back.
func idempotentRoundTrip(at address: String, topic: String) async throws {
    var configuration = ProducerConfiguration(bootstrapServers: [address])
    configuration.idempotent = true
    configuration.batchBytes = 1024
    let producer = try KafkaProducer(configuration: configuration)
    let placement = try await produceSamples(500, to: topic, with: producer)
    let consumer = try await consumer(at: address, partitions: [])
    let all = try await consumer.partitions(of: topic)
    await consumer.assign(all)
    try await consumer.seek(to: .beginning)
    try expectSamples(try await consume(500, from: consumer), as: placement, partitionCount: all.count)
    await producer.close()
    await consumer.close()
}
