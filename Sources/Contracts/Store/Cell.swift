/// One column's value in one row, with the write timestamp that decides which
/// of two writes wins (last write wins): Cassandra's `Cell`.
public struct Cell: Hashable, Sendable, CustomStringConvertible {
    /// The value as the native protocol serializes it; nil for a tombstone
    /// (the column was deleted or set to null).
    public var value: [UInt8]?
    /// When it was written, in microseconds since the epoch (CQL's `USING TIMESTAMP`).
    public var timestamp: Int64
    /// With a TTL: when it expires, in seconds since the epoch. An expired
    /// cell reads as a tombstone written at `timestamp`.
    public var expiresAt: Int64?
    /// For a tombstone: when it was written, in seconds since the epoch
    /// (Cassandra's local deletion time); compaction purges it after gc grace.
    public var localDeletionTime: Int64?

    /// A live value.
    public init(value: [UInt8], timestamp: Int64, expiresAt: Int64? = nil) {
        self.value = value
        self.timestamp = timestamp
        self.expiresAt = expiresAt
        self.localDeletionTime = nil
    }

    /// A tombstone, written at `timestamp` (µs) and `localDeletionTime` (s).
    public init(tombstoneAt timestamp: Int64, localDeletionTime: Int64) {
        self.value = nil
        self.timestamp = timestamp
        self.expiresAt = nil
        self.localDeletionTime = localDeletionTime
    }

    public init(value: [UInt8]?, timestamp: Int64, expiresAt: Int64?, localDeletionTime: Int64?) {
        self.value = value
        self.timestamp = timestamp
        self.expiresAt = expiresAt
        self.localDeletionTime = localDeletionTime
    }

    public var isTombstone: Bool { value == nil }

    /// Whether it holds a value at `now` (seconds since the epoch): not a tombstone, not expired.
    public func isLive(now: Int64) -> Bool {
        guard value != nil else { return false }
        if let expiresAt { return now < expiresAt }
        return true
    }

    public var description: String {
        let shown = value.map { "0x\($0.hexString)" } ?? "tombstone"
        return "\(shown)@\(timestamp)" + (expiresAt.map { " expires \($0)" } ?? "")
    }
}

/// A deletion: it shadows everything it covers written at or before
/// `markedForDeleteAt` (µs). `localDeletionTime` (s) is when it happened, for
/// gc grace. Cassandra's `DeletionTime`.
public struct DeletionTime: Hashable, Sendable, CustomStringConvertible {
    public var markedForDeleteAt: Int64
    public var localDeletionTime: Int64

    public init(markedForDeleteAt: Int64, localDeletionTime: Int64) {
        self.markedForDeleteAt = markedForDeleteAt
        self.localDeletionTime = localDeletionTime
    }

    /// Whether data written at `timestamp` is deleted by this.
    public func deletes(_ timestamp: Int64) -> Bool { timestamp <= markedForDeleteAt }

    public var description: String { "deleted@\(markedForDeleteAt)" }
}

/// The primary key's own liveness, Cassandra's row marker: an INSERT writes
/// it, so a row exists even when all its other columns are null; an UPDATE
/// does not.
public struct LivenessInfo: Hashable, Sendable, CustomStringConvertible {
    /// Write time in µs.
    public var timestamp: Int64
    /// With a TTL: when the marker expires, in seconds since the epoch.
    public var expiresAt: Int64?

    public init(timestamp: Int64, expiresAt: Int64? = nil) {
        self.timestamp = timestamp
        self.expiresAt = expiresAt
    }

    public func isLive(now: Int64) -> Bool { expiresAt.map { now < $0 } ?? true }

    public var description: String { "marker@\(timestamp)" + (expiresAt.map { " expires \($0)" } ?? "") }
}
