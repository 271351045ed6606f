import Contracts
import Foundation
import LabKit

extension LogSuite {
    /// Step 4: segments roll by size; retention drops whole old segments by size and by age.
    static let retentionStep = Step<any LogLab>(
        4, "Roll segments; retention",
        file: "Labs/Log/Log+Retention.swift", function: "roll() and deleteOldSegments(now:)",
        hints: [
            "roll(): sync the active segment's log and index (it will never be written again), then append a new LogSegment whose base offset is the log end offset.",
            "deleteOldSegments: look at segments[0] while there is more than one. It goes when the log minus it is still at least retentionBytes (retentionBytes >= 0), or when its file was last modified more than retentionMs before now (retentionMs >= 0; lastModified(_:) is given).",
            "Deleting a segment means removing both files (log.url and index.file.url) and dropping it from segments: logStartOffset, computed from segments[0], moves on by itself.",
        ],
        reading: "Labs/Log/README.md#step-4-roll-segments-retention"
    ) { lab, context in
        var config = LogConfig()
        config.segmentBytes = 1_000
        let log = try attempt("openLog") { try lab.openLog(in: context.directory, config: config) }
        let size = batch(records: 2, valueBytes: 100).count  // about 300 bytes: three per segment
        for _ in 0..<20 { _ = try attempt("append") { try log.append(batch(records: 2, valueBytes: 100)) } }
        _ = try log.flush()
        let perSegment = Int64(1_000 / size)
        let expected = stride(from: 0, to: 40, by: Int(perSegment * 2)).map { Int64($0) }
        try expectEqual(log.segmentBaseOffsets, expected,
                        "segmentBaseOffsets after 20 batches of \(size) bytes with segmentBytes = 1000 (a segment rolls before it would pass 1000 bytes)")
        for base in expected {
            try expect(FileManager.default.fileExists(atPath: segmentFile(context.directory, base, ".log").path),
                       "the segment starting at \(base) should be in \(LogFile.name(baseOffset: base, suffix: ".log"))")
        }
        for offset in stride(from: 0, to: 40, by: 5) as StrideTo<Int64> {
            let got = try baseOffsets(in: try log.read(from: offset, maxBytes: 1), call: "read(from: \(offset))")
            try expectEqual(got, [offset / 2 * 2], "the batch read(from: \(offset), maxBytes: 1) returned across segments")
        }

        var bySize = config
        bySize.retentionBytes = Int64(size) * 7
        bySize.retentionMs = -1
        let sized = try lab.openLog(in: context.directory.appendingPathComponent("by-size"), config: bySize)
        for _ in 0..<20 { _ = try sized.append(batch(records: 2, valueBytes: 100)) }
        let deleted = try attempt("deleteOldSegments(now:)") { try sized.deleteOldSegments(now: 0) }
        let remaining = sized.segmentBaseOffsets
        try expectEqual(deleted, expected.count - remaining.count, "the count deleteOldSegments returned")
        try expectEqual(remaining, Array(expected.suffix(3)),
                        "segmentBaseOffsets after size retention (retentionBytes = 7 batches: whole segments go, oldest first, while the rest still holds at least 7 batches)")
        try expectEqual(sized.logStartOffset, remaining[0], "logStartOffset after retention")
        try expect(!FileManager.default.fileExists(atPath: segmentFile(context.directory.appendingPathComponent("by-size"), 0, ".log").path),
                   "the deleted segment's .log file is still there")
        var allGone = bySize
        allGone.retentionBytes = 0
        let keep = try lab.openLog(in: context.directory.appendingPathComponent("keep-active"), config: allGone)
        for _ in 0..<10 { _ = try keep.append(batch(records: 2, valueBytes: 100)) }
        _ = try keep.deleteOldSegments(now: 0)
        try expectEqual(keep.segmentBaseOffsets.count, 1, "segments left with retentionBytes = 0: the active segment always stays")
        try expectEqual(keep.logEndOffset, 20, "logEndOffset after deleting every old segment")

        var byTime = LogConfig()
        byTime.segmentBytes = 1_000
        byTime.retentionMs = 86_400_000
        let dir = context.directory.appendingPathComponent("by-time")
        let timed = try lab.openLog(in: dir, config: byTime)
        for _ in 0..<12 { _ = try timed.append(batch(records: 2, valueBytes: 100)) }
        let bases = timed.segmentBaseOffsets
        let now = Date()
        for base in bases.prefix(2) {
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-2 * 86_400)],
                                                  ofItemAtPath: segmentFile(dir, base, ".log").path)
        }
        let old = try attempt("deleteOldSegments(now:)") { try timed.deleteOldSegments(now: Int64(now.timeIntervalSince1970 * 1_000)) }
        try expectEqual(old, 2, "segments deleted by time (two last modified 2 days ago, retentionMs = 1 day)")
        try expectEqual(timed.segmentBaseOffsets, Array(bases.dropFirst(2)), "segmentBaseOffsets after time retention")
    }
}
