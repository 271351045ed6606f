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

    /// A new bounded stream for `user`, removed when its reader goes away.
    func subscribe(user: Int64) throws -> AsyncStream<ChirpNotification> {
        throw NotImplemented(step: 6)
    }

    /// Yields to each subscriber of the notification's user; how many there were.
    func publish(_ notification: ChirpNotification) throws -> Int {
        throw NotImplemented(step: 6)
    }

    func subscribers(of user: Int64) -> Int {
        subscriptions[user]?.count ?? 0
    }

    private func unsubscribe(user: Int64, id: Int) {
        subscriptions[user]?[id] = nil
        if subscriptions[user]?.isEmpty == true { subscriptions[user] = nil }
    }
}
