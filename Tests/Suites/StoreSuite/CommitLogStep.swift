import Contracts
import Foundation
import LabKit

extension StoreSuite {
    /// Step 2: the commit log appends framed updates, rolls segments, replays
    /// up to a torn or corrupt tail, and discards what was flushed.
    static let commitLogStep = Step<any StoreLab>(
        2, "The commit log",
        file: "Labs/Store/CommitLog.swift", function: "append(_:), replay() and discard(upTo:)",
        hints: [
            "append: scratch.removeAll(keepingCapacity: true), then ChecksummedEntry.append(update, to: &scratch) frames it (length, CRC-32C, serialized partition). If the active segment is not empty and the entry would take it past segmentBytes, roll() first. Then active.append(scratch) and return active.end.",
            "replay: for each segment, oldest first, let bytes = try segment.contents(); walk it with ChecksummedEntry.read(bytes, at: position): .entry(payload, next) is a good entry (decode it with Partition(deserializing: bytes[payload]), then go on at next); anything else (.end, .torn, .corrupt, or bytes that do not decode) ends that segment. Then go on with the next segment.",
            "discard(upTo: position): delete the oldest segments (segment.delete()) while their end is at or before position. The active segment too, when it is not empty and all of it is below position: roll() first, so there is always an active segment.",
            "A position is the segment id in the high 32 bits and the offset in the low ones (segment.end computes it): positions of later segments are always greater.",
        ],
        reading: "Labs/Store/README.md#step-2-the-commit-log"
    ) { lab, context in
        let dir = context.directory
        var config = StoreConfig()
        config.commitLogSegmentBytes = 2_048
        let updates = (0..<300).map { i in insert(i % 37, i, ["body": "chirp number \(i)", "n": String(i)], at: Int64(1_000 + i)) }
        let log = try attempt("openCommitLog") { try lab.openCommitLog(in: dir, config: config) }
        var last: Int64 = log.position
        for (i, update) in updates.prefix(200).enumerated() {
            let position = try attempt("append(update \(i))") { try log.append(update) }
            try expect(position > last, "append(update \(i)) returned position \(position), not after the previous one (\(last))")
            try expectEqual(log.position, position, "position after append(update \(i))")
            last = position
        }
        let pending = try attempt("beginSync()") { try log.beginSync() }
        try expectEqual(pending.upTo, log.position, "beginSync().upTo (everything appended so far)")
        try pending.sync()

        let segments = files(in: dir, prefix: "CommitLog-")
        try expect(segments.count >= 4 && segments.allSatisfy { $0.hasSuffix(".log") },
                   "200 updates of about 50 bytes with commitLogSegmentBytes = 2048 should fill several CommitLog-<id>.log segments; the directory holds \(segments)")
        for name in segments {
            let size = fileBytes(dir.appendingPathComponent(name)).count
            try expect(size <= 2_048, "\(name) holds \(size) bytes, more than commitLogSegmentBytes (2048): roll to a new segment before an entry would overflow it")
        }
        let firstSegment = dir.appendingPathComponent(segments.min { segmentId($0) < segmentId($1) }!)
        var expectedStart: [UInt8] = []
        ChecksummedEntry.append(updates[0].serialized(), to: &expectedStart)
        try expectEqual(Array(fileBytes(firstSegment).prefix(expectedStart.count)), expectedStart,
                        "the first bytes of \(firstSegment.lastPathComponent) (length, CRC-32C and the serialized update 0, as ChecksummedEntry frames it)")

        // A restart after a crash: the old log is never closed.
        let reopened = try attempt("openCommitLog again (without closing the first)") { try lab.openCommitLog(in: dir, config: config) }
        let replayed = try attempt("replay()") { try reopened.replay() }
        try expect(replayed == Array(updates.prefix(200)),
                   "replay() after reopening returned \(replayed.count) updates; expected the 200 appended, in order\(firstDifference(replayed, Array(updates.prefix(200))))")
        try expect(reopened.position > log.position,
                   "a reopened commit log should append to a new segment after the old ones: its position \(reopened.position) is not after the old log's \(log.position)")
        for update in updates[200..<250] { try reopened.append(update) }
        try reopened.beginSync().sync()
        let third = try lab.openCommitLog(in: dir, config: config)
        try expect(try third.replay() == Array(updates.prefix(250)),
                   "replay() after appending 50 more updates to a reopened log should return all 250, in order")

        // A torn tail: half an entry at the end of the newest segment.
        let newest = dir.appendingPathComponent(files(in: dir, prefix: "CommitLog-")
            .filter { !fileBytes(dir.appendingPathComponent($0)).isEmpty }.max { segmentId($0) < segmentId($1) }!)
        var torn = fileBytes(newest)
        torn += Array(expectedStart.prefix(30))
        try Data(torn).write(to: newest)
        let afterTear = try attempt("replay() with a torn entry at the end of the newest segment") {
            try lab.openCommitLog(in: dir, config: config).replay()
        }
        try expect(afterTear == Array(updates.prefix(250)),
                   "replay() with half an entry at the end of the log returned \(afterTear.count) updates; expected the 250 whole ones\(firstDifference(afterTear, Array(updates.prefix(250))))")

        // A corrupt byte in the last entry of an older segment ends that segment's replay only.
        let sorted = files(in: dir, prefix: "CommitLog-").sorted { segmentId($0) < segmentId($1) }
        let middle = dir.appendingPathComponent(sorted[1])
        let middleBytes = fileBytes(middle)
        let entriesInFirst = countEntries(fileBytes(dir.appendingPathComponent(sorted[0])))
        let entriesInMiddle = countEntries(middleBytes)
        try flipByte(middle, at: middleBytes.count - 3)
        let afterFlip = try attempt("replay() with a corrupt byte") { try lab.openCommitLog(in: dir, config: config).replay() }
        var survivors = Array(updates.prefix(250))
        survivors.remove(at: entriesInFirst + entriesInMiddle - 1)
        try expect(afterFlip == survivors,
                   "replay() with one flipped byte in the last entry of \(sorted[1]) returned \(afterFlip.count) updates; expected the other 249: the corrupt entry's CRC-32C does not match, so it ends that segment's replay, and the next segments are replayed\(firstDifference(afterFlip, survivors))")

        // Discard: what was flushed goes, whole segments at a time.
        let clean = dir.appendingPathComponent("clean")
        let fresh = try lab.openCommitLog(in: clean, config: config)
        var positions: [Int64] = []
        for update in updates { positions.append(try fresh.append(update)) }
        try attempt("discard(upTo: the position after update 149)") { try fresh.discard(upTo: positions[149]) }
        let kept = try fresh.replay()
        try expect(kept.count < 300 && kept.count >= 150 && kept == Array(updates.suffix(kept.count)),
                   "after discard(upTo: the position after update 149), replay() returned \(kept.count) updates; expected the updates from the start of the segment holding update 150 to the end (whole segments before it are deleted, nothing after it)")
        try attempt("discard(upTo: position)") { try fresh.discard(upTo: fresh.position) }
        try expectEqual(try fresh.replay().count, 0, "replay().count after discard(upTo: position) (everything flushed)")
        let leftover = files(in: clean, prefix: "CommitLog-").map { fileBytes(clean.appendingPathComponent($0)).count }.reduce(0, +)
        try expectEqual(leftover, 0, "the bytes left in CommitLog-*.log files after discard(upTo: position)")
        try fresh.append(updates[0])
        try fresh.beginSync().sync()
        try expectEqual(try lab.openCommitLog(in: clean, config: config).replay(), [updates[0]],
                        "replay() after reopening a log that discarded everything, then appended update 0")
    }

    static func segmentId(_ name: String) -> Int {
        Int(name.dropFirst("CommitLog-".count).dropLast(".log".count)) ?? -1
    }

    /// How many whole, valid entries `bytes` starts with.
    static func countEntries(_ bytes: [UInt8]) -> Int {
        var count = 0
        var position = 0
        while case .entry(_, let next) = ChecksummedEntry.read(bytes, at: position) {
            count += 1
            position = next
        }
        return count
    }

    /// ": the first difference is at …", or "" when one list is a prefix of the other.
    static func firstDifference(_ got: [Partition], _ expected: [Partition]) -> String {
        guard let i = zip(got, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else { return "" }
        return ": the first difference is update \(i): got \(got[i]), expected \(expected[i])"
    }
}
