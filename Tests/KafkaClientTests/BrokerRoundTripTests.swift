import Foundation
import KafkaClient
import KafkaProtocol
import Testing

/// Our producer and consumer against our broker, started in this process.
@Suite("KafkaClient against our broker", .timeLimit(.minutes(2)))
struct BrokerRoundTripTests {
    /// What the 10,000-record test sends: record i has key `user-(i % 97)`,
    /// value `chirp i` and a header `seq` = i.
    static func record(_ i: Int) -> (key: [UInt8], value: [UInt8], headers: [RecordHeader]) {
        (bytes("user-\(i % 97)"), bytes("chirp \(i) with some text to make it a real record"),
         [RecordHeader(key: "seq", value: bytes("\(i)")), RecordHeader(key: "source", value: nil)])
    }

    @Test("10,000 keyed records with headers across 3 partitions come back in order, each key in one partition")
    func tenThousandRecords() async throws {
        try await withBroker { broker in
            var configuration = ProducerConfiguration(bootstrapServers: [broker.address])
            configuration.acks = .all
            let producer = try KafkaProducer(configuration: configuration)
            var deliveries: [Delivery] = []
            for i in 0..<10_000 {
                let record = Self.record(i)
                deliveries.append(try await producer.enqueue(topic: "chirps", key: record.key, value: record.value,
                                                             headers: record.headers))
            }
            await producer.flush()
            var sent: [Int32: [(offset: Int64, index: Int)]] = [:]
            for (i, delivery) in deliveries.enumerated() {
                let (partition, offset) = try await delivery.acknowledged()
                sent[partition, default: []].append((offset, i))
            }
            #expect(sent.keys.sorted() == [0, 1, 2], "keys spread over every partition")
            for (partition, records) in sent {
                #expect(records.map(\.offset) == Array(0..<Int64(records.count)),
                        "partition \(partition): offsets follow the enqueue order")
            }

            let consumer = try await consumer(at: broker.address, partitions: partitions(of: "chirps"))
            let records = try await consume(10_000, from: consumer)
            #expect(records.count == 10_000)
            var keyPartition: [[UInt8]: Int32] = [:]
            for partition in Int32(0)..<3 {
                let got = records.filter { $0.partition == partition }
                let expected = sent[partition] ?? []
                #expect(got.map(\.offset) == expected.map(\.offset), "partition \(partition): offsets in order")
                #expect(got.count == expected.count)
                for (record, (_, index)) in zip(got, expected) {
                    let want = Self.record(index)
                    #expect(record.key == want.key && record.value == want.value && record.headers == want.headers,
                            "record \(index) at \(record.topicPartition)@\(record.offset)")
                }
            }
            for record in records {
                let key = try #require(record.key)
                #expect(keyPartition[key, default: record.partition] == record.partition, "one key, one partition")
                keyPartition[key] = record.partition
                #expect(Murmur2.partition(forKey: key, partitionCount: 3) == record.partition, "Kafka's murmur2 partitioner")
            }
            #expect(keyPartition.count == 97)
            await producer.close()
            await consumer.close()
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

        var deliveries: [Delivery] = []
        for i in 0..<10 { deliveries.append(try await producer.enqueue(topic: "restart", key: bytes("k\(i)"), value: bytes("after \(i)"))) }
        try await waitUntil("a failed attempt against the stopped broker") { await producer.statistics.retries > 0 }
        let second = try await InProcessBroker(port: first.port, dataDirectory: first.dataDirectory)
        for delivery in deliveries { _ = try await delivery.acknowledged() }

        let consumer = try await consumer(at: second.address, partitions: partitions(of: "restart"))
        let values = try await consume(20, from: consumer).compactMap { text($0.value) }
        #expect(Set(values) == Set((0..<10).flatMap { ["before \($0)", "after \($0)"] }))
        await producer.close()
        await consumer.close()
        try await second.stop()
        second.removeData()
    }
}
