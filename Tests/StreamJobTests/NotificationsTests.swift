import Contracts
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

    @Test("the book forgets the oldest posts past its capacity")
    func capacity() {
        var book = NotificationsJob.PostBook(capacity: 2)
        for id in ["a", "b", "c"] { _ = book.notifications(for: post(id, by: 7, "x"), trendingLikes: 1) }
        #expect(book.notifications(for: like("a", by: 1), trendingLikes: 1).isEmpty, "a was forgotten")
        #expect(book.notifications(for: like("c", by: 1), trendingLikes: 1).map(\.kind) == ["trending"])
    }
}
