import Contracts
import Foundation
import LabKit

extension LogSuite {
    /// Step 5: reopening recovers: a torn or corrupt tail is cut, the index rebuilt.
    static let recoveryStep = Step<any LogLab>(
        5, "Recover on open",
        file: "Labs/Log/LogSegment+Recovery.swift", function: "recover()",
        hints: [
            "Start over: index.removeAll(), nextOffset = baseOffset, position 0. Then walk the batches as read does, keeping each one that is whole (RecordBatchHeader does not throw with available: log.size - position), starts at nextOffset and has a valid CRC.",
            "Index the good batches as append does, and move nextOffset past each one.",
            "At the first bad batch stop: log.truncate(to: position) cuts the torn or corrupt tail off, then log.sync().",
        ],
        reading: "Labs/Log/README.md#step-5-recover-on-open"
    ) { lab, context in
        var config = LogConfig()
        config.indexIntervalBytes = 200
        let dir = context.directory
        var log: (any PartitionLog)? = try lab.openLog(in: dir, config: config)
        for i in 0..<10 { _ = try log!.append(batch(records: 2, valueBytes: 50 + i)) }
        _ = try log!.flush()
        let good = try log!.read(from: 0, maxBytes: 1 << 20)
        log = nil
        let file = segmentFile(dir, 0, ".log")
        let cleanIndex = fileBytes(segmentFile(dir, 0, ".index"))

        func reopen(_ what: String) throws -> any PartitionLog {
            try attempt("openLog after \(what)") { try lab.openLog(in: dir, config: config) }
        }
        var reopened = try reopen("a clean close")
        try expectEqual(reopened.logEndOffset, 20, "logEndOffset after reopening a clean log")
        try expect(try reopened.read(from: 0, maxBytes: 1 << 20) == good, "reading a reopened log should give the same bytes")
        let reopenedIndex = fileBytes(segmentFile(dir, 0, ".index"))
        try expect(reopenedIndex == cleanIndex,
                   "after reopening a clean log the .index file should hold the same \(cleanIndex.count / 8) entries; it holds \(reopenedIndex.count / 8): recovery rebuilds the index, so empty it first (index.removeAll())")

        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(batch(records: 4).prefix(50)))
        try handle.close()
        reopened = try reopen("a torn write (half a batch at the end)")
        try expectEqual(reopened.logEndOffset, 20, "logEndOffset after a torn write")
        try expectEqual(fileBytes(file).count, good.count, "the .log file's size after recovering from a torn write (the torn tail must be cut off)")

        // A whole batch with a valid CRC but the wrong base offset (a copy of the first, at offset 0 again).
        let duplicate = try FileHandle(forWritingTo: file)
        try duplicate.seekToEnd()
        try duplicate.write(contentsOf: Data(good.prefix(batch(records: 2, valueBytes: 50).count)))
        try duplicate.close()
        reopened = try reopen("a whole batch at the end whose base offset is 0 instead of 20")
        try expectEqual(reopened.logEndOffset, 20, "logEndOffset after a batch that does not start at the expected offset (20) (its CRC is valid, the CRC does not cover the base offset: check it)")
        try expectEqual(fileBytes(file).count, good.count, "the .log file's size after cutting the batch at the wrong offset")

        var bytes = fileBytes(file)
        let lastStart = good.count - batch(records: 2, valueBytes: 59).count
        bytes[lastStart + 70] ^= 0x55
        try Data(bytes).write(to: file)
        reopened = try reopen("a corrupt last batch")
        try expectEqual(reopened.logEndOffset, 18, "logEndOffset after the last batch's bytes were corrupted (it fails its CRC and must go)")
        try expectEqual(fileBytes(file).count, lastStart, "the .log file's size after cutting the corrupt batch")
        try expectEqual(try reopened.append(batch(records: 3)), 18, "the offset an append gets after recovery")
        _ = try reopened.flush()

        try FileManager.default.removeItem(at: segmentFile(dir, 0, ".index"))
        reopened = try reopen("losing the index file")
        let index = fileBytes(segmentFile(dir, 0, ".index"))
        try expect(index.count >= 16 && index.count % 8 == 0,
                   "the .index file should be rebuilt on recovery (entries every 200 bytes); it has \(index.count) bytes")
        for offset in [0, 7, 13, 19, 20] as [Int64] {
            let got = try baseOffsets(in: try reopened.read(from: offset, maxBytes: 1), call: "read(from: \(offset))")
            try expectEqual(got, [offset < 18 ? offset / 2 * 2 : 18], "the batch read(from: \(offset)) returned after rebuilding the index")
        }
    }
}
