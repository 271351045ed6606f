import Contracts
import Foundation
import LabKit

extension LogSuite {
    /// Step 2: append assigns offsets, writes the batch, indexes it; bad batches are refused.
    static let appendStep = Step<any LogLab>(
        2, "Append a batch",
        file: "Labs/Log/LogSegment.swift", function: "append(_:)",
        hints: [
            "Parse the header with RecordBatchHeader(batch) (it throws BatchError for a short batch or a wrong magic; wrap it in LogError.invalidBatch), check header.batchSize == batch.count and header.hasValidCRC(in: batch).",
            "The batch's base offset becomes nextOffset. log.append(batch: batch, baseOffset: nextOffset) writes it stamped without copying the batch (or RecordBatchHeader.setBaseOffset(nextOffset, in: &copy), then log.append(copy)). The CRC does not cover it, so the batch stays valid. Then nextOffset moves past the batch's last record: base + lastOffsetDelta + 1.",
            "log.append returns the position the batch starts at. Index the batch (index.append(offset:position:)) when the index is empty or at least indexIntervalBytes were appended since the last entry.",
        ],
        reading: "Labs/Log/README.md#step-2-append-a-batch"
    ) { lab, context in
        var config = LogConfig()
        config.indexIntervalBytes = 400
        let log = try attempt("openLog") { try lab.openLog(in: context.directory, config: config) }
        let sizes = [3, 1, 5, 2, 4, 1, 1, 6]
        var expectedBase: Int64 = 0
        var expectedBytes: [UInt8] = []
        for (i, count) in sizes.enumerated() {
            var bytes = batch(records: count, valueBytes: 30 + i)
            let base = try attempt("append(batch \(i) of \(count) records)") { try log.append(bytes) }
            try expectEqual(base, expectedBase, "append(batch \(i) of \(count) records)")
            RecordBatchHeader.setBaseOffset(expectedBase, in: &bytes)
            expectedBytes += bytes
            expectedBase += Int64(count)
            try expectEqual(log.logEndOffset, expectedBase, "logEndOffset after batch \(i)")
        }
        let file = fileBytes(segmentFile(context.directory, 0, ".log"))
        try expect(file == expectedBytes,
                   "00000000000000000000.log should hold the \(sizes.count) batches back to back, each with its base offset set (\(expectedBytes.count) bytes); it holds \(file.count) bytes that differ")
        let index = fileBytes(segmentFile(context.directory, 0, ".index"))
        var position = 0
        var sinceEntry = 0
        var expectedIndex: [UInt8] = []
        for (i, count) in sizes.enumerated() {
            let size = batch(records: count, valueBytes: 30 + i).count
            if position == 0 || sinceEntry >= config.indexIntervalBytes {
                let base = UInt32(sizes.prefix(i).reduce(0, +))
                expectedIndex += withUnsafeBytes(of: base.bigEndian, Array.init) + withUnsafeBytes(of: UInt32(position).bigEndian, Array.init)
                sinceEntry = 0
            }
            sinceEntry += size
            position += size
        }
        func entries(_ bytes: [UInt8]) -> String {
            stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { at in
                func word(_ i: Int) -> UInt32 { bytes[i..<i + 4].reduce(0) { $0 << 8 | UInt32($1) } }
                return "(offset \(word(at)), position \(word(at + 4)))"
            }.joined(separator: " ")
        }
        try expect(index == expectedIndex, """
            the .index file should hold \(expectedIndex.count / 8) entries: one for the first batch, then one for each batch \
            appended when at least indexIntervalBytes = 400 bytes were appended since the last entry (counting the \
            indexed batch itself); expected \(entries(expectedIndex)); it holds \(entries(index))\(index.count % 8 == 0 ? "" : " and \(index.count % 8) stray bytes")
            """)

        var corrupt = batch(records: 2)
        corrupt[corrupt.count - 1] ^= 0xFF
        for (name, bad) in [("a batch with a wrong CRC", corrupt), ("a torn batch", Array(batch(records: 2).dropLast(5))),
                            ("a batch with magic 1", { var b = batch(records: 1); b[16] = 1; return b }()),
                            ("a whole batch followed by 3 more bytes (its batchLength does not cover them)", batch(records: 2) + [1, 2, 3]),
                            ("20 random bytes", (0..<20).map { UInt8($0 * 13) })] {
            do {
                _ = try log.append(bad)
                throw CheckFailure("append(\(name)) returned an offset; it should throw LogError.invalidBatch")
            } catch let error as LogError {
                guard case .invalidBatch = error else {
                    throw CheckFailure("append(\(name)) threw \(error); expected LogError.invalidBatch")
                }
            } catch let error as NotImplemented {
                throw error
            } catch let error as CheckFailure {
                throw error
            } catch {
                throw CheckFailure("append(\(name)) threw \(error); expected LogError.invalidBatch")
            }
        }
        try expectEqual(log.logEndOffset, expectedBase, "logEndOffset after refused batches (they must change nothing)")
        try expectEqual(fileBytes(segmentFile(context.directory, 0, ".log")).count, expectedBytes.count,
                        "the .log file's size after refused batches")
    }
}
