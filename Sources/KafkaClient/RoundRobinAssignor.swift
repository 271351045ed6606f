/// Kafka's RoundRobinAssignor: every partition of every subscribed topic, in
/// (topic, partition) order, goes to the next member (sorted by member id,
/// round and round) that subscribes to its topic.
enum RoundRobinAssignor {
    static func assign(subscriptions: [String: [String]], partitionCounts: [String: Int]) -> [String: [TopicPartition]] {
        var result = subscriptions.mapValues { _ in [TopicPartition]() }
        let members = subscriptions.keys.sorted()
        let partitions = Set(subscriptions.values.joined()).sorted().flatMap { topic in
            (0..<(partitionCounts[topic] ?? 0)).map { TopicPartition(topic, Int32($0)) }
        }
        var next = 0
        for partition in partitions {
            // Some member subscribes to the topic, so this ends within one round.
            while !subscriptions[members[next % members.count]]!.contains(partition.topic) { next += 1 }
            result[members[next % members.count]]!.append(partition)
            next += 1
        }
        return result
    }
}
