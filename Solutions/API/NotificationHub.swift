import Contracts

/// Step 6: notifications to each user's connected clients. An actor owns
/// the subscriptions; each subscriber has its own bounded stream, so a slow
/// client loses its oldest notifications instead of slowing everyone.
actor Hub: NotificationHub {
    private let bufferSize: Int
    private var subscriptions: [Int64: [Int: AsyncStream<ChirpNotification>.Continuation]] = [:]
    private var nextID = 0

    init(bufferSize: Int) {
        self.bufferSize = bufferSize
    }

    func subscribe(user: Int64) -> AsyncStream<ChirpNotification> {
        let (stream, continuation) = AsyncStream.makeStream(of: ChirpNotification.self,
                                                            bufferingPolicy: .bufferingNewest(bufferSize))
        let id = nextID
        nextID += 1
        subscriptions[user, default: [:]][id] = continuation
        continuation.onTermination = { _ in
            Task { await self.unsubscribe(user: user, id: id) }
        }
        return stream
    }

    func publish(_ notification: ChirpNotification) -> Int {
        guard let subscribers = subscriptions[notification.user] else { return 0 }
        for continuation in subscribers.values { continuation.yield(notification) }
        return subscribers.count
    }

    func subscribers(of user: Int64) -> Int {
        subscriptions[user]?.count ?? 0
    }

    private func unsubscribe(user: Int64, id: Int) {
        subscriptions[user]?[id] = nil
        if subscriptions[user]?.isEmpty == true { subscriptions[user] = nil }
    }
}
