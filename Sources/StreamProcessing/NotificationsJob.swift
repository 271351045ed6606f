import Contracts
import Foundation
import KafkaClient

/// `box stream --job notifications`: what a user should hear about, from the
/// chirps topic to the notifications topic (which the API pushes to the
/// user's open notification stream):
///
/// - a **mention**: a post naming `@handle` notifies that user;
/// - **trending**: a post whose likes reach `trendingLikes` notifies its
///   author, once.
///
/// Records are `{"user":42,"kind":"mention","text":"…","ts":…}`, keyed by
/// the user. The group's offsets are committed after the notifications are
/// acknowledged: a crash sends some notifications again (at least once),
/// never none.
///
/// The posts' authors and likes are state. On start the job rebuilds it by
/// reading the topic from its beginning up to the group's committed offsets,
/// notifying nobody (those records were handled before): a post liked before
/// a restart still trends after it, and one that trended does not again.
/// Kafka Streams restores a task's state the same way, from a changelog topic;
/// here the input topic is that log.
public struct NotificationsJob: Sendable {
    public struct Options: Sendable {
        public var bootstrapServers: [String]
        public var topic = "chirps"
        public var outputTopic = "notifications"
        public var group = "notifications"
        /// Likes that make a post trending.
        public var trendingLikes = 5
        /// Posts remembered (their author and likes so far), newest kept.
        public var rememberedPosts = 500_000
        /// Stop after this long without records (nil: run until cancelled).
        public var stopWhenIdle: Duration?

        public init(bootstrapServers: [String]) {
            self.bootstrapServers = bootstrapServers
        }
    }

    /// What a run did.
    public struct Summary: Sendable, CustomStringConvertible {
        /// Records read again on start to rebuild the posts' state.
        public var restored: Int64 = 0
        public var records: Int64 = 0
        public var mentions: Int64 = 0
        public var trending: Int64 = 0
        public var malformed: Int64 = 0

        public var description: String {
            "notifications: \(restored) records read to restore the posts' state, \(records) records read, "
                + "\(mentions) mentions and \(trending) trending posts notified, \(malformed) malformed"
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func run(progress: (@Sendable (Summary) -> Void)? = nil) async throws -> Summary {
        let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: options.bootstrapServers))
        var posts = PostBook(capacity: options.rememberedPosts)
        var summary = Summary()
        let encoder = JSONEncoder()
        do {
            summary.restored = try await restore(&posts)
            try await CommittingConsumer(bootstrapServers: options.bootstrapServers, topic: options.topic, group: options.group,
                                         stopWhenIdle: options.stopWhenIdle).run({ records in
                summary.records += Int64(records.count)
                var notifications: [ChirpNotification] = []
                for record in records {
                    guard let value = record.value, let event = try? ChirpEvent(json: value) else {
                        summary.malformed += 1
                        continue
                    }
                    let found = posts.notifications(for: event, trendingLikes: options.trendingLikes)
                    for notification in found {
                        if notification.kind == "mention" { summary.mentions += 1 } else { summary.trending += 1 }
                    }
                    notifications += found
                }
                let deliveries = try await producer.enqueue(topic: options.outputTopic, records: try notifications.map {
                    (key: Array(String($0.user).utf8), value: Array(try encoder.encode($0)))
                })
                await producer.flush()
                for delivery in deliveries { _ = try await delivery.acknowledged() }
            }, committed: { progress?(summary) })
        } catch {
            await producer.close()
            throw error
        }
        await producer.close()
        return summary
    }

    /// Feeds `posts` the topic's records from its beginning up to the group's
    /// committed offsets, dropping the notifications (they were sent before);
    /// returns how many records it read.
    func restore(_ posts: inout PostBook) async throws -> Int64 {
        var configuration = ConsumerConfiguration(bootstrapServers: options.bootstrapServers)
        configuration.maxWait = .milliseconds(200)
        let consumer = try KafkaConsumer(configuration: configuration)
        do {
            let committed = try await consumer.committed(group: options.group, partitions: try await consumer.partitions(of: options.topic))
                .filter { $0.value > 0 }
            await consumer.assign(Array(committed.keys))
            try await consumer.seek(to: .beginning)
            var read: Int64 = 0
            var idlePolls = 0  // the committed offsets are in the log; this only bounds a broken one
            while await !consumer.hasReached(committed), idlePolls < 25 {
                let records = try await consumer.poll()
                idlePolls = records.isEmpty ? idlePolls + 1 : 0
                for record in records where record.offset < committed[record.topicPartition] ?? 0 {
                    read += 1
                    if let value = record.value, let event = try? ChirpEvent(json: value) {
                        _ = posts.notifications(for: event, trendingLikes: options.trendingLikes)
                    }
                }
            }
            await consumer.close()
            return read
        } catch {
            await consumer.close()
            throw error
        }
    }

    /// The posts seen lately: their authors, and their likes until they trend.
    /// Likes of a post not seen yet are kept for it (the last `capacity` such
    /// posts): on a topic of several partitions a like, keyed by its liker,
    /// can be read before its post, keyed by the author.
    public struct PostBook: Sendable {
        private var authors: [String: Int64] = [:]
        private var likes: [String: Int] = [:]
        private var posts: RecentKeys
        /// Likes of posts not seen yet, and those posts in the order first liked.
        private var early: [String: Int] = [:]
        private var earlyPosts: RecentKeys

        public init(capacity: Int) {
            posts = RecentKeys(capacity: capacity)
            earlyPosts = RecentKeys(capacity: capacity)
        }

        /// What `event` makes someone hear about.
        public mutating func notifications(for event: ChirpEvent, trendingLikes: Int) -> [ChirpNotification] {
            switch event.action {
            case .post(let text):
                let isNew = authors[event.id] == nil
                remember(event.id, author: event.user)
                var found: [ChirpNotification] = []
                let mentioned = ChirpText.mentions(in: text)
                if !mentioned.isEmpty {  // most posts mention no one
                    let author = ChirpUser.handle(event.user)
                    found = Set(mentioned.compactMap(ChirpUser.id(forHandle:)))
                        .filter { $0 != event.user }.sorted()
                        .map { ChirpNotification(user: $0, kind: "mention", text: "@\(author) mentioned you: \(text)", ts: event.ts) }
                }
                if isNew, let liked = early.removeValue(forKey: event.id) {
                    for _ in 0..<liked { found += countLike(event.id, trendingLikes: trendingLikes, ts: event.ts) }
                }
                return found
            case .like(let post):
                guard authors[post] != nil else {
                    rememberEarly(post)
                    return []
                }
                return countLike(post, trendingLikes: trendingLikes, ts: event.ts)
            case .follow:
                return []
            }
        }

        /// One more like of a known post: its author hears when it reaches `trendingLikes`, once.
        private mutating func countLike(_ post: String, trendingLikes: Int, ts: Int64) -> [ChirpNotification] {
            guard let author = authors[post], let count = likes[post] else { return [] }  // already trending
            guard count + 1 < trendingLikes else {
                likes[post] = nil  // trending once
                return [ChirpNotification(user: author, kind: "trending", text: "your chirp \(post) is trending: \(trendingLikes) likes", ts: ts)]
            }
            likes[post] = count + 1
            return []
        }

        /// A like of a post not seen yet, kept for when it comes (the newest `capacity` such posts).
        private mutating func rememberEarly(_ post: String) {
            if let count = early[post] {
                early[post] = count + 1
                return
            }
            early[post] = 1
            if let forgotten = earlyPosts.add(post) { early[forgotten] = nil }
        }

        private mutating func remember(_ post: String, author: Int64) {
            guard authors[post] == nil else { return }
            authors[post] = author
            likes[post] = 0
            if let forgotten = posts.add(post) {
                authors[forgotten] = nil
                likes[forgotten] = nil
            }
        }
    }
}

/// Keys in the order they were added, the newest `capacity` of them: adding
/// one past the capacity forgets the oldest, for its owner to drop as well.
struct RecentKeys: Sendable {
    let capacity: Int
    private var order: [String] = []
    /// Where the keys still held start in `order` (the slots before it are
    /// dropped in one go once there are `capacity` of them).
    private var oldest = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Adds `key` (one not held now); returns the key forgotten to make room, if any.
    mutating func add(_ key: String) -> String? {
        order.append(key)
        guard order.count - oldest > capacity else { return nil }
        let forgotten = order[oldest]
        oldest += 1
        if oldest > capacity {
            order.removeFirst(oldest)
            oldest = 0
        }
        return forgotten
    }
}
