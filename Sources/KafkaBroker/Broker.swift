import Contracts
import Foundation

/// The broker's state: topics and their partitions, consumer-group offsets,
/// producer ids. Protocol-free: `RequestHandler` speaks Kafka to it.
public actor Broker {
    /// A partition with its group commit.
    struct PartitionHandle: Sendable {
        let partition: Partition
        let commit: any GroupCommitting
    }

    public let config: BrokerConfig
    let lab: any LogLab
    var topics: [String: [PartitionHandle]]
    let offsets: OffsetsHandle
    let signal: DataSignal
    /// The consumer groups this broker coordinates (it is the only broker).
    let groups: GroupCoordinator
    var nextProducerID: Int64

    /// Opens the broker's data directory with the log implementation `lab`
    /// (the student's or the reference), reopening every partition in it.
    public init(config: BrokerConfig, lab: any LogLab) throws {
        self.config = config
        self.lab = lab
        try FileManager.default.createDirectory(at: config.dataDirectory, withIntermediateDirectories: true)
        offsets = OffsetsHandle(lab: lab, directory: config.dataDirectory.appendingPathComponent("__consumer_offsets"))
        nextProducerID = Int64(Date().timeIntervalSince1970) << 16
        var found: [String: Int32] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: config.dataDirectory.path) {
            guard let dash = name.lastIndex(of: "-"), let index = Int32(name[name.index(after: dash)...]) else { continue }
            let topic = String(name[..<dash])
            found[topic] = max(found[topic] ?? 0, index + 1)
        }
        let signal = DataSignal()
        var opened: [String: [PartitionHandle]] = [:]
        for (topic, count) in found {
            opened[topic] = try (0..<count).map { try Self.open(topic, $0, lab: lab, config: config, signal: signal) }
        }
        self.signal = signal
        groups = GroupCoordinator(initialDelay: config.groupInitialRebalanceDelay)
        topics = opened
    }

    static func open(_ topic: String, _ index: Int32, lab: any LogLab, config: BrokerConfig,
                     signal: DataSignal) throws -> PartitionHandle {
        let partition = try Partition(topic: topic, index: index, lab: lab,
                                      directory: config.dataDirectory.appendingPathComponent("\(topic)-\(index)"),
                                      config: config.log)
        // The fsync runs on a thread of its own, outside the partition's actor:
        // appends go on meanwhile and share the next sync (group commit).
        let commit = lab.makeGroupCommit {
            let pending = try await partition.beginFlush()
            try await DispatchQueue.global().runBlocking { try pending.sync() }
            await partition.completeFlush(pending)
            await signal.notify()
            return pending.upTo
        }
        return PartitionHandle(partition: partition, commit: commit)
    }

    /// A topic's partitions, creating the topic when asked and it is new.
    func partitions(of topic: String, create: Bool) throws -> [PartitionHandle]? {
        if let existing = topics[topic] { return existing }
        guard create, Self.isValidTopicName(topic) else { return nil }
        let created = try (0..<Int32(config.partitionsPerTopic)).map {
            try Self.open(topic, $0, lab: lab, config: config, signal: signal)
        }
        topics[topic] = created
        return created
    }

    func partition(_ topic: String, _ index: Int32) -> PartitionHandle? {
        guard let partitions = topics[topic], index >= 0, Int(index) < partitions.count else { return nil }
        return partitions[Int(index)]
    }

    var topicNames: [String] { topics.keys.sorted() }

    /// Deletes old segments of every partition by its retention settings;
    /// returns how many went. A partition whose log fails (a starter without
    /// step 4) is reported and skipped.
    func enforceRetention(now: Int64) async -> Int {
        var deleted = 0
        for handle in topics.values.flatMap({ $0 }) {
            do {
                deleted += try await handle.partition.deleteOldSegments(now: now)
            } catch {
                FileHandle.standardError.write(Data("box broker: retention of \(handle.partition.topic)-\(handle.partition.index): \(error)\n".utf8))
            }
        }
        return deleted
    }

    func newProducerID() -> Int64 {
        nextProducerID += 1
        return nextProducerID
    }

    /// Kafka's rule: 1–249 characters of letters, digits, `.`, `_` and `-`.
    static func isValidTopicName(_ name: String) -> Bool {
        !name.isEmpty && name.count < 250 && name != "." && name != ".."
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}

/// The consumer-offset store, one request at a time. Opened on first use,
/// so a student's broker runs before the lab's offsets step is written.
actor OffsetsHandle {
    let lab: any LogLab
    let directory: URL
    var opened: (any ConsumerOffsetStore)?

    init(lab: any LogLab, directory: URL) {
        self.lab = lab
        self.directory = directory
    }

    func store() throws -> any ConsumerOffsetStore {
        if let opened { return opened }
        let store = try lab.openOffsetStore(in: directory)
        opened = store
        return store
    }

    func commit(group: String, topic: String, partition: Int32, offset: CommittedOffset) throws {
        try store().commit(group: group, topic: topic, partition: partition, offset: offset)
    }

    func fetch(group: String, topic: String, partition: Int32) throws -> CommittedOffset? {
        try store().fetch(group: group, topic: topic, partition: partition)
    }
}
