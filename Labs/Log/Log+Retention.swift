import Contracts
import Foundation

extension Log {
    /// Step 4: closes the active segment (syncing its log and index: it is
    /// never written again) and starts a new one at the log end offset.
    func roll() throws {
        throw NotImplemented(step: 4)
    }

    /// Step 4: deletes the oldest segments, never the active one, while the
    /// log without them still holds at least `config.retentionBytes` (when
    /// that is not -1), or they were last modified more than
    /// `config.retentionMs` before `now` (when that is not -1). Both files of
    /// a segment go. Returns how many segments were deleted.
    func deleteOldSegments(now: Int64) throws -> Int {
        throw NotImplemented(step: 4)
    }

    /// Given: when the segment's log file was last written, in ms since the epoch.
    func lastModified(_ segment: LogSegment) throws -> Int64 {
        let date = try FileManager.default.attributesOfItem(atPath: segment.log.url.path)[.modificationDate] as? Date
        return Int64((date ?? .distantPast).timeIntervalSince1970 * 1_000)
    }
}
