import Contracts
import Foundation

extension Log {
    /// Step 4: closes the active segment (syncing it) and starts a new one
    /// at the log end offset.
    func roll() throws {
        try active.log.sync()
        try active.index.sync()
        segments.append(try LogSegment(in: directory, baseOffset: logEndOffset,
                                       indexIntervalBytes: config.indexIntervalBytes))
    }

    /// Step 4: deletes the oldest segments, never the active one, while the
    /// log is over `retentionBytes` or they were last modified more than
    /// `retentionMs` before `now`.
    func deleteOldSegments(now: Int64) throws -> Int {
        // How far the log is over retentionBytes (nil: no size limit).
        var excess = config.retentionBytes < 0 ? nil : Int64(segments.map(\.size).reduce(0, +)) - config.retentionBytes
        var deleted = 0
        while segments.count > 1 {
            let oldest = segments[0]
            let tooBig = excess.map { $0 >= Int64(oldest.size) } ?? false
            let tooOld = try config.retentionMs >= 0 && now - lastModified(oldest) > config.retentionMs
            guard tooBig || tooOld else { break }
            try FileManager.default.removeItem(at: oldest.log.url)
            try FileManager.default.removeItem(at: oldest.index.file.url)
            segments.removeFirst()
            excess = excess.map { $0 - Int64(oldest.size) }
            deleted += 1
        }
        return deleted
    }

    /// When the segment's log file was last written, in ms since the epoch.
    func lastModified(_ segment: LogSegment) throws -> Int64 {
        let date = try FileManager.default.attributesOfItem(atPath: segment.log.url.path)[.modificationDate] as? Date
        return Int64((date ?? .distantPast).timeIntervalSince1970 * 1_000)
    }
}
