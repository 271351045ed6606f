import Contracts
import Foundation

/// The commit log, Cassandra's `CommitLog`: every write is appended here
/// before the memtable sees it, so a crash loses nothing acknowledged. Made
/// of segments, oldest first; appends go to the last, the active one. Each
/// entry is framed by `ChecksummedEntry`: length, CRC-32C, serialized partition.
final class CommitLog: CommitLogging {
    let directory: URL
    let segmentBytes: Int
    /// Oldest first; the last is the active one.
    private(set) var segments: [CommitLogSegment] = []
    /// Reused for each entry, so appends allocate nothing.
    private var scratch: [UInt8] = []

    /// Given: opens the segments in `directory` and starts a new active one
    /// after them (as Cassandra does: a restarted node never appends to an
    /// old segment, whose tail may be torn).
    init(in directory: URL, config: StoreConfig) throws {
        self.directory = directory
        segmentBytes = config.commitLogSegmentBytes
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for id in try CommitLogSegment.ids(in: directory) {
            segments.append(try CommitLogSegment(in: directory, id: id))
        }
        segments.append(try CommitLogSegment(in: directory, id: (segments.last?.id ?? 0) + 1))
    }

    var active: CommitLogSegment { segments[segments.count - 1] }

    var position: Int64 { active.end }

    /// Given: a new, empty active segment after the current one.
    func roll() throws {
        try active.write()
        segments.append(try CommitLogSegment(in: directory, id: active.id + 1))
    }

    /// Step 2: frames the update (`ChecksummedEntry.append(update, to: &scratch)`),
    /// rolls to a new segment first when it would take a non-empty active
    /// segment past `segmentBytes`, appends it to the active segment and
    /// returns the position after it.
    @discardableResult
    func append(_ update: Partition) throws -> Int64 {
        throw NotImplemented(step: 2)
    }

    /// Given: writes every segment's buffered entries and returns what to
    /// fsync (run it outside the table's lock: appends may go on meanwhile).
    func beginSync() throws -> PendingSync {
        let upTo = position
        return PendingSync(upTo: upTo, files: try segments.compactMap { try $0.beginSync() })
    }

    /// Step 2: every update in every segment, oldest segment first, in
    /// append order. A segment's replay stops at its first entry that is
    /// torn, corrupt or not a partition: a crash cut that write short, and it
    /// was never acknowledged. The next segment is still replayed.
    func replay() throws -> [Partition] {
        throw NotImplemented(step: 2)
    }

    /// Step 2: deletes every segment that ends at or before `position`
    /// (its updates were flushed to an SSTable). When that includes the
    /// active segment, roll first, so there is always an active one.
    func discard(upTo position: Int64) throws {
        throw NotImplemented(step: 2)
    }
}
