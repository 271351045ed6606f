import Contracts
import Foundation

/// One open table: the lab's `TableStore`, the lock that serializes access
/// to it (a store is single-threaded), its group commit, and, for a store
/// that offers it (`BackgroundFlushing`), its memtable flushes off the
/// write path.
public final class TableHandle: @unchecked Sendable {
    public let metadata: TableMetadata
    let directory: URL
    private let store: any TableStore
    private let lock = NSLock()
    private let writes = DispatchQueue(label: "table-writes")
    private var sync: CommitLogSync!
    /// Memtable flushes: when the store can switch memtables, a full one is
    /// written on another thread while writes go on; `flushes` has one
    /// member while that runs. A write that finds the new memtable full too
    /// waits for it (backpressure), instead of `apply` flushing inline.
    private let background: (any BackgroundFlushing)?
    private let memtableFlushBytes: Int
    private var flushRunning = false
    /// Set by `close()`: no flush starts in the background any more.
    private var closed = false
    private let flushes = DispatchGroup()
    /// Compactions: when the store can compact outside the lock, a round
    /// merges and writes its SSTables while reads and writes go on;
    /// `compactions` has one member while that runs.
    private let compactor: (any BackgroundCompacting)?
    private let compactions = DispatchGroup()
    /// The sorted partition keys, kept for the next page of a paged scan:
    /// writes add their keys to `newKeys`, merged in when the keys are next
    /// asked for; a compaction that merged something (and may have purged a
    /// partition) forgets them.
    private var cachedKeys: [PartitionKey]?
    private var newKeys: [PartitionKey] = []

    init(metadata: TableMetadata, directory: URL, lab: any StoreLab, config: StoreConfig) throws {
        self.metadata = metadata
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try lab.openTable(in: directory, config: config)
        background = store as? any BackgroundFlushing
        compactor = store as? any BackgroundCompacting
        memtableFlushBytes = config.memtableFlushBytes
        sync = CommitLogSync { [unowned self] in try self.locked { try self.store.beginSync() } }
    }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Applies the updates in order and returns once they are durable: the
    /// moment a write may be acknowledged. The applying runs on `writes`, a
    /// thread of its own: a write that waits for the lock (behind an inline
    /// memtable flush or a compaction) or for a background flush then holds
    /// no thread of Swift's cooperative pool, which goes on decoding and
    /// planning other requests.
    public func write(_ updates: [Partition]) async throws {
        try await writes.runBlocking { try self.apply(updates) }
        try await sync.waitDurable()
    }

    /// On `writes`: applies the updates under the lock. With a background
    /// flusher, a full memtable is switched out before the next update (so
    /// `apply` never flushes inline); if the one before it is still being
    /// written, this waits for it outside the lock, then goes on.
    private func apply(_ updates: [Partition]) throws {
        var next = 0
        while next < updates.count {
            let mustWait: Bool = try locked {
                while next < updates.count {
                    if let background, !closed, store.memtableBytes >= memtableFlushBytes {
                        if flushRunning { return true }
                        if let flush = try background.switchMemtable() { startFlush(flush) }
                    }
                    try store.apply(updates[next])
                    next += 1
                }
                if cachedKeys != nil { newKeys += updates.map(\.key) }
                return false
            }
            if mustWait { flushes.wait() }
        }
    }

    /// Under the lock: writes `flush` on another thread, then completes it
    /// under the lock. A failed write (a full disk) is retried every second
    /// until the table is closed: the commit log still holds its updates,
    /// and writes wait meanwhile.
    /// A completion that fails (in discarding the commit log) leaves the
    /// SSTable live; the next flush's discard covers what this one left.
    private func startFlush(_ flush: any MemtableFlush) {
        flushRunning = true
        flushes.enter()
        DispatchQueue.global().async {
            defer { self.flushes.leave() }
            while true {
                do {
                    try flush.write()
                    break
                } catch {
                    guard !self.locked({ self.closed }) else { return }  // DROP or TRUNCATE waits in close()
                    self.report("writing a flushed memtable failed, retrying in 1 s: \(error)")
                    Thread.sleep(forTimeInterval: 1)
                }
            }
            self.locked {
                do {
                    try self.background?.completeFlush(flush)
                } catch {
                    self.report("completing a flush failed: \(error)")
                }
                self.flushRunning = false
            }
        }
    }

    private func report(_ message: String) {
        FileHandle.standardError.write(Data("store: \(metadata.keyspace).\(metadata.name): \(message)\n".utf8))
    }

    /// The live rows of one partition in `range` at `now` (seconds).
    public func read(_ key: PartitionKey, range: ClusteringRange, now: Int64) throws -> PartitionRead {
        try locked { try store.read(key, range: range, now: now) }
    }

    /// Every partition key, in token order.
    public func partitionKeys() throws -> [PartitionKey] {
        try locked {
            if let cached = cachedKeys {
                guard !newKeys.isEmpty else { return cached }
                let merged = Self.merge(cached, newKeys.sorted())
                cachedKeys = merged
                newKeys = []
                return merged
            }
            let keys = try store.partitionKeys()
            cachedKeys = keys
            return keys
        }
    }

    /// One round of size-tiered compaction; returns how many SSTables
    /// merged. Blocks its thread while it runs: call it off Swift's
    /// cooperative pool. With a store that compacts in the background, the
    /// lock is held only to begin and to complete it.
    public func compact(now: Int64) throws -> Int {
        guard let compactor else {
            return try locked { try compacted(store.compact(now: now)) }
        }
        let begun: (any SSTableCompaction)? = try locked {
            guard !closed, let compaction = try compactor.beginCompaction(now: now) else { return nil }
            compactions.enter()  // before the lock goes: close() waits for it
            return compaction
        }
        guard let compaction = begun else { return 0 }
        defer { compactions.leave() }
        var failure: (any Error)?
        do { try compaction.run() } catch { failure = error }
        let merged = try locked {
            closed ? 0 : try compacted(compactor.completeCompaction(compaction))  // dropped: its files go with the directory
        }
        if let failure { throw failure }
        return merged
    }

    /// Under the lock, after a compaction that merged `merged` SSTables: one
    /// that merged something may have purged a partition, so the cached keys go.
    private func compacted(_ merged: Int) -> Int {
        if merged > 0 {
            cachedKeys = nil
            newKeys = []
        }
        return merged
    }

    /// Waits for the writes queued so far and for a background flush or
    /// compaction under way: before the table's files are deleted (DROP, TRUNCATE).
    func close() {
        writes.sync {
            locked { closed = true }
            flushes.wait()
            compactions.wait()
        }
    }

    /// Writes the memtable out (`nodetool flush`), after a background flush
    /// under way has finished (on `writes`, so none starts meanwhile).
    public func flush() throws {
        try writes.sync {
            flushes.wait()
            try locked { try store.flush() }
        }
    }

    /// How many SSTables the table has now.
    public var sstableCount: Int { locked { store.sstables.count } }

    /// Two sorted key lists as one, each key once.
    static func merge(_ a: [PartitionKey], _ b: [PartitionKey]) -> [PartitionKey] {
        var merged: [PartitionKey] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            let next: PartitionKey
            if j == b.count || (i < a.count && a[i] < b[j]) {
                next = a[i]
                i += 1
            } else {
                next = b[j]
                j += 1
            }
            if merged.last != next { merged.append(next) }
        }
        return merged
    }
}
