import Contracts
import Foundation
import KafkaClient
import StreamProcessing
import Testing

/// What the notifications job tells whom (`NotificationsJob.PostBook`).
@Suite("notifications: mentions and trending posts")
struct NotificationsTests {
    func post(_ id: String, by user: Int64, _ text: String) -> ChirpEvent {
        ChirpEvent(id: id, user: user, ts: 1_000, action: .post(text: text))
    }

    func like(_ post: String, by user: Int64) -> ChirpEvent {
        ChirpEvent(id: "like-\(post)-\(user)", user: user, ts: 2_000, action: .like(post: post))
    }

    @Test("a post notifies each user it mentions, once, and never its author")
    func mentions() {
        var book = NotificationsJob.PostBook(capacity: 10)
        let text = "shipping with @\(ChirpUser.handle(42)) and @\(ChirpUser.handle(42).uppercased()), thanks @\(ChirpUser.handle(7)) @nobody"
        let found = book.notifications(for: post("p1", by: 7, text), trendingLikes: 3)
        #expect(found.map(\.user) == [42], "mentioned twice, notified once; @nobody is no user; the author mentioning themself is not told")
        #expect(found.first?.kind == "mention")
        #expect(found.first?.text == "@\(ChirpUser.handle(7)) mentioned you: \(text)")
    }

    @Test("a post's author hears once that it is trending, when its likes reach the threshold")
    func trending() {
        var book = NotificationsJob.PostBook(capacity: 10)
        _ = book.notifications(for: post("p1", by: 7, "hello"), trendingLikes: 3)
        #expect(book.notifications(for: like("p1", by: 1), trendingLikes: 3).isEmpty)
        #expect(book.notifications(for: like("p1", by: 2), trendingLikes: 3).isEmpty)
        let third = book.notifications(for: like("p1", by: 3), trendingLikes: 3)
        #expect(third == [.init(user: 7, kind: "trending", text: "your chirp p1 is trending: 3 likes", ts: 2_000)])
        #expect(book.notifications(for: like("p1", by: 4), trendingLikes: 3).isEmpty, "trending is told once")
        #expect(book.notifications(for: like("unknown", by: 4), trendingLikes: 3).isEmpty, "a like of a post not seen is nobody's news")
    }

    @Test("likes read before their post (another partition) count once the post comes; the oldest such posts are forgotten")
    func likesBeforeThePost() {
        var book = NotificationsJob.PostBook(capacity: 2)
        #expect(book.notifications(for: like("p1", by: 1), trendingLikes: 3).isEmpty)
        #expect(book.notifications(for: like("p1", by: 2), trendingLikes: 3).isEmpty)
        let posted = book.notifications(for: post("p1", by: 7, "hi @\(ChirpUser.handle(9))"), trendingLikes: 3)
        #expect(posted.map(\.kind) == ["mention"], "two early likes: not trending yet")
        #expect(book.notifications(for: like("p1", by: 3), trendingLikes: 3).map(\.user) == [7], "the third like makes it trend")

        for id in ["a", "b", "c"] { _ = book.notifications(for: like(id, by: 1), trendingLikes: 1) }
        #expect(book.notifications(for: post("a", by: 5, "x"), trendingLikes: 1).isEmpty, "a's early like was forgotten (capacity 2)")
        #expect(book.notifications(for: post("c", by: 6, "x"), trendingLikes: 1) == [
            .init(user: 6, kind: "trending", text: "your chirp c is trending: 1 likes", ts: 1_000),
        ], "c's early like counts when c comes")
    }

    @Test("the book forgets the oldest posts past its capacity")
    func capacity() {
        var book = NotificationsJob.PostBook(capacity: 2)
        for id in ["a", "b", "c"] { _ = book.notifications(for: post(id, by: 7, "x"), trendingLikes: 1) }
        #expect(book.notifications(for: like("a", by: 1), trendingLikes: 1).isEmpty, "a was forgotten")
        #expect(book.notifications(for: like("c", by: 1), trendingLikes: 1).map(\.kind) == ["trending"])
    }

    @Test("a restarted job rebuilds the posts' likes from the topic: a post liked before the restart still trends, one that trended does not again")
    func restoresStateOnRestart() async throws {
        let scratch = try Scratch()
        let broker = try Broker(in: scratch)  // one partition: a post before its likes
        func produce(_ events: [ChirpEvent]) async throws {
            let producer = try KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: [broker.address]))
            for event in events {
                try await producer.send(topic: "chirps", key: Array(String(event.user).utf8), value: Array(event.jsonLine.utf8))
            }
            await producer.close()
        }
        var options = NotificationsJob.Options(bootstrapServers: [broker.address])
        options.trendingLikes = 4
        options.stopWhenIdle = .seconds(1)

        // Before the restart: p2 reaches 4 likes and trends; p1 gets 2.
        try await produce([post("p1", by: 7, "hello"), post("p2", by: 8, "hi")]
                          + (1...2).map { like("p1", by: $0) } + (1...4).map { like("p2", by: $0) })
        let first = try await NotificationsJob(options: options).run()
        #expect(first.restored == 0 && first.records == 8 && first.trending == 1, "\(first)")

        // After it: p1's third and fourth likes make it trend; p2's fifth like is no news.
        try await produce([like("p1", by: 3), like("p1", by: 4), like("p2", by: 5)])
        let second = try await NotificationsJob(options: options).run()
        #expect(second.restored == 8, "the restart read the 8 records handled before: \(second)")
        #expect(second.records == 3 && second.trending == 1, "p1 trends, p2 not again: \(second)")

        var configuration = ConsumerConfiguration(bootstrapServers: [broker.address])
        configuration.maxWait = .milliseconds(200)
        let consumer = try KafkaConsumer(configuration: configuration)
        await consumer.assign(try await consumer.partitions(of: "notifications"))
        try await consumer.seek(to: .beginning)
        var trending: [String] = []
        for _ in 0..<20 where trending.count < 2 {
            for record in try await consumer.poll() {
                let text = String(decoding: record.value ?? [], as: UTF8.self)
                if text.contains("trending") { trending.append(text) }
            }
        }
        await consumer.close()
        #expect(trending.count == 2 && trending.contains { $0.contains("p1") } && trending.contains { $0.contains("p2") },
                "each post trends once, across the restart: \(trending)")
    }
}
