import Foundation
import KafkaClient
import KafkaProtocol
import Testing

/// Consumer groups (subscribe, rebalance, commit, leave) against our broker.
@Suite("KafkaConsumer in a consumer group, against our broker", .timeLimit(.minutes(2)))
struct GroupConsumerTests {
    @Test("one member reads all 400 records of 4 partitions and commits; the next member of the group reads only newer ones")
    func commitThenResume() async throws {
        try await withBroker(partitionsPerTopic: 4) { broker in
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            let placement = try await produceSamples(400, to: "group-resume", with: producer)
            let first = try groupConsumer(at: broker.address)
            try await first.subscribe(topics: ["group-resume"], group: "resumers")
            #expect(await first.assignment == partitions(of: "group-resume", count: 4))
            try expectSamples(try await consume(400, from: first), as: placement, partitionCount: 4)
            try await first.commit()
            await first.close()

            for i in 400..<410 { try await producer.send(topic: "group-resume", value: bytes("new \(i)")) }
            let second = try groupConsumer(at: broker.address)
            try await second.subscribe(topics: ["group-resume"], group: "resumers")
            let records = try await consume(10, from: second)
            #expect(records.compactMap { text($0.value) }.sorted() == (400..<410).map { "new \($0)" })
            #expect(try await drain(second).isEmpty, "nothing older")
            await second.close()
            await producer.close()
        }
    }

    @Test("two members split 4 partitions 2/2 by range and read each record exactly once")
    func twoMembersSplit() async throws {
        try await withBroker(partitionsPerTopic: 4) { broker in
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            let placement = try await produceSamples(400, to: "group-split", with: producer)
            let members = try [groupConsumer(at: broker.address), groupConsumer(at: broker.address)]
            try await subscribeTogether(members, to: "group-split", group: "splitters")
            try await waitUntil("a 2/2 assignment") { await assignmentSizes(members) == [2, 2] }

            // Range: the member with the smaller member id gets partitions 0 and 1.
            let ids = try await members.asyncMap { try #require(await $0.groupGeneration).memberID }
            let (low, high) = ids[0] < ids[1] ? (members[0], members[1]) : (members[1], members[0])
            #expect(await low.assignment == [TopicPartition("group-split", 0), TopicPartition("group-split", 1)])
            #expect(await high.assignment == [TopicPartition("group-split", 2), TopicPartition("group-split", 3)])

            var records: [ConsumerRecord] = []
            for member in [low, high] { records += try await consumeAssigned(from: member, placement) }
            try expectSamples(records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) },
                              as: placement, partitionCount: 4)
            for member in members { await member.close() }
            await producer.close()
        }
    }

    @Test("when one of two members leaves, the other takes every partition from the committed offsets")
    func takeOverAfterLeave() async throws {
        try await withBroker(partitionsPerTopic: 4) { broker in
            let topic = "group-takeover"
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            let placement = try await produceSamples(400, to: topic, with: producer)
            let (leaving, staying) = try (groupConsumer(at: broker.address), groupConsumer(at: broker.address))
            try await subscribeTogether([leaving, staying], to: topic, group: "takers")
            try await waitUntil("a 2/2 assignment") { await assignmentSizes([leaving, staying]) == [2, 2] }

            // Each reads all of its partitions; `staying` commits everything,
            // `leaving` only the first half of each of its partitions.
            for member in [leaving, staying] { _ = try await consumeAssigned(from: member, placement) }
            try await staying.commit()
            let leavingPartitions = await leaving.assignment
            var halfway: [TopicPartition: Int64] = [:]
            for partition in leavingPartitions { halfway[partition] = Int64(placement[partition.partition, default: []].count / 2) }
            try await leaving.commit(halfway, group: "takers", generation: try #require(await leaving.groupGeneration))
            await leaving.close()

            try await waitUntil("the rebalance gives every partition to the member left") {
                await staying.assignment.count == 4
            }
            for i in 0..<100 { try await producer.send(topic: topic, value: bytes("after \(i)"), partition: Int32(i % 4)) }
            var expected = Set<String>()
            for (partition, offset) in halfway {
                for position in offset..<Int64(placement[partition.partition, default: []].count) {
                    expected.insert("\(partition)@\(position)")
                }
            }
            for i in 0..<100 {
                let partition = Int32(i % 4)
                expected.insert("\(TopicPartition(topic, partition))@\(Int64(placement[partition, default: []].count + i / 4))")
            }
            let records = try await consume(expected.count, from: staying)
            #expect(records.count == expected.count, "nothing read twice")
            #expect(Set(records.map { "\($0.topicPartition)@\($0.offset)" }) == expected,
                    "the uncommitted half of the partitions taken over, then the new records; nothing `staying` committed")
            await staying.close()
            await producer.close()
        }
    }

    @Test("auto-commit: what a member read is committed on close, and a rebalance keeps it going")
    func autoCommit() async throws {
        try await withBroker(partitionsPerTopic: 4) { broker in
            let topic = "group-auto"
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            _ = try await produceSamples(100, to: topic, with: producer)
            let first = try groupConsumer(at: broker.address, autoCommit: true)
            try await first.subscribe(topics: [topic], group: "auto")
            _ = try await consume(100, from: first)
            // A second member joins: the first rejoins (committing first) and keeps two partitions.
            let second = try groupConsumer(at: broker.address, autoCommit: true)
            try await second.subscribe(topics: [topic], group: "auto")
            try await waitUntil("a 2/2 assignment") { await assignmentSizes([first, second]) == [2, 2] }
            #expect(try await drain(second).isEmpty, "the first member's commit before the rebalance covers everything")
            await first.close()
            await second.close()
            let reader = try await consumer(at: broker.address, partitions: partitions(of: topic, count: 4))
            let committed = try await reader.committed(group: "auto")
            #expect(committed.values.reduce(0, +) == 100)
            await reader.close()
            await producer.close()
        }
    }

    @Test("a member the coordinator dropped (its session expired) rejoins from scratch, with a new member id")
    func rejoinAfterExpiry() async throws {
        try await withBroker(partitionsPerTopic: 4) { broker in
            var configuration = ConsumerConfiguration(bootstrapServers: [broker.address])
            configuration.maxWait = .milliseconds(100)
            configuration.sessionTimeout = .milliseconds(300)  // the broker sweeps every 500 ms
            configuration.heartbeatInterval = .seconds(1)  // too slow: the next heartbeat gets UNKNOWN_MEMBER_ID
            let member = try KafkaConsumer(configuration: configuration)
            try await member.subscribe(topics: ["group-expiry"], group: "forgetful")
            let first = try #require(await member.groupGeneration)
            try await waitUntil("a rejoin with a new member id") {
                await member.groupGeneration.map { $0.memberID != first.memberID && $0.generationID > 0 } == true
            }
            try await waitUntil("every partition assigned again") { await member.assignment.count == 4 }
            await member.close()
        }
    }
}

/// A group consumer of `address` with short heartbeats and polls, for tests.
func groupConsumer(at address: String, autoCommit: Bool = false) throws -> KafkaConsumer {
    var configuration = ConsumerConfiguration(bootstrapServers: [address])
    configuration.maxWait = .milliseconds(100)
    configuration.heartbeatInterval = .milliseconds(50)
    configuration.sessionTimeout = .seconds(5)
    configuration.rebalanceTimeout = .seconds(10)
    configuration.autoCommit = autoCommit
    configuration.autoCommitInterval = .milliseconds(200)
    return try KafkaConsumer(configuration: configuration)
}

/// Every record `placement` has in the partitions assigned to `member`, consumed.
func consumeAssigned(from member: KafkaConsumer, _ placement: Placement) async throws -> [ConsumerRecord] {
    let count = await member.assignment.reduce(0) { $0 + placement[$1.partition, default: []].count }
    return try await consume(count, from: member)
}

/// How many partitions each member has.
func assignmentSizes(_ members: [KafkaConsumer]) async -> [Int] {
    await members.asyncMap { await $0.assignment.count }
}

/// What `polls` more polls return (each waits up to the consumer's `maxWait`).
func drain(_ consumer: KafkaConsumer, polls: Int = 3) async throws -> [ConsumerRecord] {
    var records: [ConsumerRecord] = []
    for _ in 0..<polls { records += try await consumer.poll() }
    return records
}

/// Subscribes every member at once, so that they are likely to join in the same round.
func subscribeTogether(_ members: [KafkaConsumer], to topic: String, group: String) async throws {
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for member in members { tasks.addTask { try await member.subscribe(topics: [topic], group: group) } }
        try await tasks.waitForAll()
    }
}

extension Array {
    /// `transform` of each element, in order, one after the other.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
