/// Wakes long-polling fetches when new data becomes readable (the high
/// watermark moved), or when their wait runs out.
actor DataSignal {
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var next = 0

    /// Waits until `notify()` or until `timeout` passes.
    func wait(timeout: Duration) async {
        let id = next
        next += 1
        await withCheckedContinuation { continuation in
            waiters[id] = continuation
            Task {
                try? await Task.sleep(for: timeout)
                self.resume(id)
            }
        }
    }

    private func resume(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }

    /// Wakes every waiter.
    func notify() {
        let all = waiters
        waiters = [:]
        for continuation in all.values { continuation.resume() }
    }
}
