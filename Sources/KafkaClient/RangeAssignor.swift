/// Kafka's RangeAssignor: for each topic, the members subscribed to it,
/// sorted by member id, each take a contiguous range of its partitions in
/// order; with n partitions and m members each gets n / m, and the first
/// n % m one more. (3 members, 7 partitions: 0–2, 3–4, 5–6.)
enum RangeAssignor {
    static func assign(subscriptions: [String: [String]], partitionCounts: [String: Int]) -> [String: [TopicPartition]] {
        var result = subscriptions.mapValues { _ in [TopicPartition]() }
        let topics = Set(subscriptions.values.joined()).sorted()
        for topic in topics {
            guard let count = partitionCounts[topic] else { continue }
            let members = subscriptions.filter { $0.value.contains(topic) }.keys.sorted()
            let each = count / members.count
            let extra = count % members.count
            for (index, member) in members.enumerated() {
                let start = index * each + min(index, extra)
                let length = each + (index < extra ? 1 : 0)
                result[member]! += (start..<start + length).map { TopicPartition(topic, Int32($0)) }
            }
        }
        return result
    }
}
