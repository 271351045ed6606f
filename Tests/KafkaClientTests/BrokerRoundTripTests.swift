import Foundation
import KafkaClient
import KafkaProtocol
import Testing

/// Our producer and consumer against our broker, started in this process.
@Suite("KafkaClient against our broker", .timeLimit(.minutes(2)))
struct BrokerRoundTripTests {
    @Test("10,000 keyed records with headers across 3 partitions come back in order, each key in one partition")
    func tenThousandRecords() async throws {
        try await withBroker { broker in
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            let placement = try await produceSamples(10_000, to: "chirps", with: producer)
            #expect(placement.keys.sorted() == [0, 1, 2], "keys spread over every partition")
            #expect(placement.values.allSatisfy { $0.first?.offset == 0 }, "each partition starts at offset 0")
            let consumer = try await consumer(at: broker.address, partitions: partitions(of: "chirps"))
            try expectSamples(try await consume(10_000, from: consumer), as: placement, partitionCount: 3)
            await producer.close()
            await consumer.close()
        }
    }

    @Test("pollBatches gives the same records as poll, decoded in place: offsets, timestamps, values, tombstones; a seek mid-batch skips what is before it")
    func pollBatches() async throws {
        try await withBroker { broker in
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            for i in 0..<3_000 {
                _ = try await producer.enqueue(topic: "raw", key: bytes("k\(i % 7)"), value: i % 500 == 499 ? nil : bytes("value \(i)"),
                                               headers: [RecordHeader(key: "h", value: bytes("\(i)"))], partition: Int32(i % 2))
            }
            await producer.flush()
            let all = partitions(of: "raw").filter { $0.partition < 2 }
            let recordReader = try await consumer(at: broker.address, partitions: all)
            let expected = try await consume(3_000, from: recordReader)
            let batchReader = try await consumer(at: broker.address, partitions: all)
            var seen: [String] = []
            var next: [TopicPartition: Int64] = [:]
            for _ in 0..<50 where seen.count < 3_000 {
                for batch in try await batchReader.pollBatches() {
                    try batch.forEachRecord { offset, timestamp, value in
                        seen.append("\(batch.partition) \(offset) \(timestamp) \(value.map { String(decoding: $0, as: UTF8.self) } ?? "nil")")
                    }
                    next[batch.partition] = batch.nextOffset
                }
            }
            let want = expected.map { "\($0.topicPartition) \($0.offset) \($0.timestamp) \($0.value.map { String(decoding: $0, as: UTF8.self) } ?? "nil")" }
            #expect(seen.sorted() == want.sorted())
            #expect(next == Dictionary(uniqueKeysWithValues: all.map { ($0, 1_500) }))
            #expect(await batchReader.position(of: all[0]) == 1_500, "pollBatches moves the positions as poll does")

            // From offset 1,001: whole batches come back, the records before are left out.
            try await batchReader.seek(all[0], to: .offset(1_001))
            try await batchReader.seek(all[1], to: .offset(1_500))
            var offsets: [Int64] = []
            for _ in 0..<50 where offsets.count < 499 {
                for batch in try await batchReader.pollBatches() { try batch.forEachRecord { offset, _, _ in offsets.append(offset) } }
            }
            #expect(offsets == Array(1_001..<1_500))
            await producer.close()
            await recordReader.close()
            await batchReader.close()
        }
    }

    @Test("acks = 0, 1 and -1 all deliver; acks = 0 reports offset -1", arguments: [
        ProducerConfiguration.Acks.none, .leader, .all,
    ])
    func acks(_ acks: ProducerConfiguration.Acks) async throws {
        try await withBroker { broker in
            var configuration = ProducerConfiguration(bootstrapServers: [broker.address])
            configuration.acks = acks
            let producer = try KafkaProducer(configuration: configuration)
            var results: [(partition: Int32, offset: Int64)] = []
            for i in 0..<100 {
                results.append(try await producer.send(topic: "acks", value: bytes("v\(i)"), partition: 1))
            }
            #expect(results.allSatisfy { $0.partition == 1 })
            #expect(results.map(\.offset) == (acks == .none ? Array(repeating: -1, count: 100) : Array(0..<100)))
            let consumer = try await consumer(at: broker.address, partitions: [TopicPartition("acks", 1)])
            let records = try await consume(100, from: consumer)
            #expect(records.map { text($0.value) } == (0..<100).map { "v\($0)" })
            #expect(records.map(\.offset) == Array(0..<100))
            await producer.close()
            await consumer.close()
        }
    }

    @Test("commit and committed round-trip per group, through FindCoordinator")
    func commitRoundTrip() async throws {
        try await withBroker { broker in
            let consumer = try await consumer(at: broker.address, partitions: partitions(of: "offsets"))
            #expect(try await consumer.committed(group: "readers").isEmpty, "nothing committed yet")
            try await consumer.commit([TopicPartition("offsets", 0): 5, TopicPartition("offsets", 2): 42], group: "readers")
            #expect(try await consumer.committed(group: "readers")
                    == [TopicPartition("offsets", 0): 5, TopicPartition("offsets", 2): 42])
            #expect(try await consumer.committed(group: "others").isEmpty, "groups are separate")
            try await consumer.commitPositions(group: "others")
            #expect(try await consumer.committed(group: "others") == Dictionary(uniqueKeysWithValues: partitions(of: "offsets").map { ($0, 0) }))
            await consumer.close()
        }
    }

    @Test("seek to the end, produce, consume: only the new records")
    func seekToEnd() async throws {
        try await withBroker { broker in
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            let partition = TopicPartition("tail", 0)
            for i in 0..<10 { try await producer.send(topic: "tail", value: bytes("old \(i)"), partition: 0) }
            let consumer = try await consumer(at: broker.address, partitions: [partition])
            try await consumer.seek(to: .end)
            #expect(await consumer.position(of: partition) == 10)
            for i in 0..<5 { try await producer.send(topic: "tail", value: bytes("new \(i)"), partition: 0) }
            let records = try await consume(5, from: consumer)
            #expect(records.map { text($0.value) } == (0..<5).map { "new \($0)" })
            #expect(records.map(\.offset) == Array(10..<15))
            try await consumer.seek(partition, to: .offset(3))
            #expect(try await consume(1, from: consumer).first?.value == bytes("old 3"), "seek inside a batch skips its first records")
            await producer.close()
            await consumer.close()
        }
    }

    @Test("the producer rides out a broker restart on the same port and data: its retries deliver")
    func brokerRestart() async throws {
        let first = try await InProcessBroker()
        var configuration = ProducerConfiguration(bootstrapServers: [first.address])
        configuration.retry = RetryPolicy(retries: 100, backoff: .milliseconds(20), maxBackoff: .milliseconds(200))
        let producer = try KafkaProducer(configuration: configuration)
        for i in 0..<10 { try await producer.send(topic: "restart", key: bytes("k\(i)"), value: bytes("before \(i)")) }
        try await first.stop()

        // In a task of its own: while the broker is down, even finding the
        // topic's leader again waits (and retries) for it.
        let sending = Task {
            for i in 0..<10 { try await producer.send(topic: "restart", key: bytes("k\(i)"), value: bytes("after \(i)")) }
        }
        try await waitUntil("a failed attempt against the stopped broker") { await producer.statistics.retries > 0 }
        let second = try await InProcessBroker(port: first.port, dataDirectory: first.dataDirectory)
        try await sending.value

        let consumer = try await consumer(at: second.address, partitions: partitions(of: "restart"))
        let values = try await consume(20, from: consumer).compactMap { text($0.value) }
        #expect(values.sorted() == (0..<10).flatMap { ["before \($0)", "after \($0)"] }.sorted(), "each once")
        await producer.close()
        await consumer.close()
        try await second.stop()
        second.removeData()
    }

    @Test("an idempotent producer with five batches in flight rides out a broker restart: every record once, in order")
    func inFlightAcrossRestart() async throws {
        let first = try await InProcessBroker(partitionsPerTopic: 1)
        var configuration = ProducerConfiguration(bootstrapServers: [first.address])
        configuration.idempotent = true
        configuration.linger = .zero
        configuration.batchBytes = 400  // a few records a batch: many batches, several in flight
        configuration.retry = RetryPolicy(retries: 100, backoff: .milliseconds(20), maxBackoff: .milliseconds(200))
        let producer = try KafkaProducer(configuration: configuration)
        let count = 3_000
        let sending = Task {
            var deliveries: [Delivery] = []
            for i in 0..<count {
                deliveries.append(try await producer.enqueue(topic: "window", value: bytes("record \(i)"), partition: 0))
                if i % 50 == 49 { await Task.yield() }
            }
            var offsets: [Int64] = []
            for delivery in deliveries { offsets.append(try await delivery.acknowledged().offset) }
            return offsets
        }
        try await waitUntil("some batches acknowledged") { await producer.statistics.batchesSent >= 20 }
        try await first.stop()  // batches in flight fail, or were appended and their answer is lost
        let second = try await InProcessBroker(port: first.port, dataDirectory: first.dataDirectory, partitionsPerTopic: 1)
        let offsets = try await sending.value
        let statistics = await producer.statistics
        #expect(statistics.peakInFlight > 1, "batches were pipelined: \(statistics)")
        #expect(offsets == (0..<count).map(Int64.init), "each record acknowledged at its place in the order sent")

        let consumer = try await consumer(at: second.address, partitions: [TopicPartition("window", 0)])
        let values = try await consume(count, from: consumer).map { text($0.value) ?? "" }
        #expect(values == (0..<count).map { "record \($0)" }, "the log holds every record once, in order")
        await producer.close()
        await consumer.close()
        try await second.stop()
        second.removeData()
    }

    @Test("an idempotent producer (InitProducerId, sequences) delivers every record once")
    func idempotent() async throws {
        try await withBroker { broker in
            try await idempotentRoundTrip(at: broker.address, topic: "idempotent")
        }
    }
}
