import Foundation
import KafkaClient
import KafkaProtocol
import Testing

/// Our producer and consumer against librdkafka's mock cluster: a broker
/// implementation we did not write.
@Suite("KafkaClient against librdkafka's mock cluster", .serialized, .timeLimit(.minutes(2)))
struct MockClusterTests {
    @Test("produce 2,000 keyed records with headers and consume them back by assign; commit and committed")
    func roundTrip() async throws {
        let mock = try MockCluster()
        defer { mock.stop() }
        let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [mock.address]))
        let placement = try await produceSamples(2_000, to: "mock-chirps", with: producer)
        let consumer = try await consumer(at: mock.address, partitions: [])
        let all = try await consumer.partitions(of: "mock-chirps")
        #expect(all.count == 4, "the mock cluster creates topics with 4 partitions")
        await consumer.assign(all)
        try await consumer.seek(to: .beginning)
        try expectSamples(try await consume(2_000, from: consumer), as: placement, partitionCount: all.count)

        try await consumer.commit([all[0]: 7, all[3]: 11], group: "mock-readers")
        #expect(try await consumer.committed(group: "mock-readers") == [all[0]: 7, all[3]: 11])
        await producer.close()
        await consumer.close()
    }

    @Test("records librdkafka wrote with its murmur2 partitioner are where our partitioner puts their keys")
    func librdkafkaPartitions() async throws {
        let mock = try MockCluster(keyed: 300)
        defer { mock.stop() }
        let consumer = try await consumer(at: mock.address, partitions: [])
        let all = try await consumer.partitions(of: "librdkafka-keys")
        await consumer.assign(all)
        try await consumer.seek(to: .beginning)
        let records = try await consume(300, from: consumer)
        #expect(Set(records.compactMap { text($0.key) }) == Set((0..<300).map { "key-\($0)" }))
        for record in records {
            #expect(record.partition == Murmur2.partition(forKey: record.key ?? [], partitionCount: all.count),
                    "key \(text(record.key) ?? "nil")")
        }
        await consumer.close()
    }

    @Test("seek to the end on the mock cluster, then only new records come")
    func seekToEnd() async throws {
        let mock = try MockCluster()
        defer { mock.stop() }
        let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [mock.address]))
        let partition = TopicPartition("mock-tail", 2)
        for i in 0..<10 { try await producer.send(topic: "mock-tail", value: bytes("old \(i)"), partition: 2) }
        let consumer = try await consumer(at: mock.address, partitions: [partition])
        try await consumer.seek(to: .end)
        for i in 0..<5 { try await producer.send(topic: "mock-tail", value: bytes("new \(i)"), partition: 2) }
        let records = try await consume(5, from: consumer)
        #expect(records.map { text($0.value) } == (0..<5).map { "new \($0)" })
        await producer.close()
        await consumer.close()
    }

    @Test("a group consumer joins the mock cluster's coordinator, reads every partition, commits; the next member resumes")
    func groupConsumer() async throws {
        // Slow (about 10 s): the mock coordinator waits 3 s before a new group's
        // first round and the session timeout less 1 s before the next; and
        // a session shorter than 3 s would expire a member waiting to join.
        func member() throws -> KafkaConsumer { try KafkaClientTests.groupConsumer(at: mock.address) }
        let mock = try MockCluster()
        defer { mock.stop() }
        let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [mock.address]))
        let placement = try await produceSamples(200, to: "mock-group", with: producer)
        let first = try member()
        try await first.subscribe(topics: ["mock-group"], group: "mock-members")
        #expect(await first.assignment == partitions(of: "mock-group", count: 4))
        try expectSamples(try await consume(200, from: first), as: placement, partitionCount: 4)
        try await first.commit()
        await first.close()

        for i in 0..<8 { try await producer.send(topic: "mock-group", value: bytes("new \(i)"), partition: Int32(i % 4)) }
        let second = try member()
        try await second.subscribe(topics: ["mock-group"], group: "mock-members")
        #expect(try await consume(8, from: second).compactMap { text($0.value) }.sorted() == (0..<8).map { "new \($0)" })
        await second.close()
        await producer.close()
    }

    @Test("an idempotent producer's sequence numbers satisfy the mock cluster's checks")
    func idempotent() async throws {
        let mock = try MockCluster()
        defer { mock.stop() }
        try await idempotentRoundTrip(at: mock.address, topic: "mock-idempotent")
    }
}
