import NIOConcurrencyHelpers

/// A gate that opens once and stays open: `wait()` returns when it is open.
/// A producer's batches use two each, so the next batch of a partition is
/// sent after this one is written, and retried after this one is settled.
final class Latch: @unchecked Sendable {
    private let lock = NIOLock()
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func open() {
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            guard !isOpen else { return [] }
            isOpen = true
            defer { waiting = [] }
            return waiting
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        if lock.withLock({ isOpen }) { return }
        await withCheckedContinuation { continuation in
            let open = lock.withLock { () -> Bool in
                if !isOpen { waiting.append(continuation) }
                return isOpen
            }
            if open { continuation.resume() }
        }
    }
}
