import CQLProtocol
import Foundation
import NIOCore

/// The connections that REGISTERed for events, and the kinds each asked
/// for, so `CQLServer.broadcast(event:)` can push an EVENT frame to them.
final class EventSubscribers: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [Int: (types: Set<EventType>, frames: AsyncStream<ByteBuffer>.Continuation)] = [:]

    /// Adds `types` to what connection `id` receives; its frames go to `frames`.
    func register(_ id: Int, types: [EventType], frames: AsyncStream<ByteBuffer>.Continuation) {
        lock.withLock {
            let known = subscribers[id]?.types ?? []
            subscribers[id] = (known.union(types), frames)
        }
    }

    /// Forgets connection `id` (it closed).
    func remove(_ id: Int) {
        _ = lock.withLock { subscribers.removeValue(forKey: id) }
    }

    /// Queues `event` on stream -1 for every connection registered for its
    /// type; returns how many that is.
    @discardableResult
    func publish(_ event: EventMessage) -> Int {
        let targets = lock.withLock { subscribers.values.filter { $0.types.contains(event.type) }.map(\.frames) }
        let frame = Frame.encode(.event(event), stream: -1)
        for target in targets { target.yield(frame) }
        return targets.count
    }
}
