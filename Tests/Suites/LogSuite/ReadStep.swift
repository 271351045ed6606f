import Contracts
import Foundation
import LabKit

extension LogSuite {
    /// Step 3: the Fetch path: whole batches from an offset, bounded by
    /// maxBytes and the high watermark.
    static let readStep = Step<any LogLab>(
        3, "Read from an offset",
        file: "Labs/Log/LogSegment.swift", function: "read(from:maxBytes:maxOffset:)",
        hints: [
            "Start at index.lookup(offset)?.position ?? 0, then walk the batches: read the 61-byte header at the position (RecordBatchHeader(log.read(at:count:), available: log.size - position)) and move on by header.batchSize.",
            "Skip batches whose lastOffset is below the offset; stop at the first batch whose lastOffset is not below maxOffset (the high watermark: only offsets below it are durable); the first batch you keep is always returned whole, later ones only while the total stays within maxBytes.",
            "Collect the start and end positions, then read the bytes in one go: log.read(at: start, count: end - start).",
        ],
        reading: "Labs/Log/README.md#step-3-read-from-an-offset"
    ) { lab, context in
        var config = LogConfig()
        config.indexIntervalBytes = 300
        let log = try attempt("openLog") { try lab.openLog(in: context.directory, config: config) }
        let one = batch(records: 3).count
        for _ in 0..<40 { _ = try attempt("append") { try log.append(batch(records: 3)) } }
        let unflushed = try attempt("read(from: 0) before flush") { try log.read(from: 0, maxBytes: 1 << 20) }
        try expect(unflushed.isEmpty,
                   "read(from: 0) returned \(unflushed.count) bytes before flush(): records above the high watermark (\(log.highWatermark)) are not durable yet and must not be served")
        _ = try log.flush()
        let all = try attempt("read(from: 0, maxBytes: 1 MiB)") { try log.read(from: 0, maxBytes: 1 << 20) }
        try expectEqual(try baseOffsets(in: all, call: "read(from: 0)"), stride(from: 0, to: 120, by: 3).map { Int64($0) },
                        "the base offsets of the batches read(from: 0, maxBytes: 1 MiB)")
        for offset in [1, 4, 5, 59, 60, 61, 118, 119] as [Int64] {
            let call = "read(from: \(offset), maxBytes: \(one * 2))"
            let bytes = try attempt(call) { try log.read(from: offset, maxBytes: one * 2) }
            let base = offset / 3 * 3
            try expectEqual(try baseOffsets(in: bytes, call: call), base + 3 < 120 ? [base, base + 3] : [base],
                            "the base offsets of the batches \(call) (the one holding \(offset), then as many as fit)")
        }
        let tiny = try attempt("read(from: 7, maxBytes: 1)") { try log.read(from: 7, maxBytes: 1) }
        try expectEqual(try baseOffsets(in: tiny, call: "read(from: 7, maxBytes: 1)"), [6],
                        "the base offsets of the batches read(from: 7, maxBytes: 1) (always at least one whole batch, even over maxBytes)")
        let partial = try log.read(from: 0, maxBytes: one * 5 / 2)
        try expectEqual(try baseOffsets(in: partial, call: "read(from: 0, maxBytes: 2.5 batches)"), [0, 3],
                        "the base offsets of the batches read(from: 0, maxBytes: 2.5 batches) (only whole batches)")
        try expectEqual(try log.read(from: 120, maxBytes: 1 << 20), [], "read(from: 120) at the log end")
        // A one-record batch: its last offset is 120, the high watermark itself, which is not durable yet.
        _ = try log.append(batch(records: 1))
        _ = try log.append(batch(records: 3))
        let beyond = try log.read(from: 120, maxBytes: 1 << 20)
        try expect(beyond.isEmpty, "read(from: 120) returned \(beyond.count) bytes of batches appended but not yet flushed: the high watermark is 120, so only batches whose last offset is below 120 may be served")
        _ = try log.flush()
        try expectEqual(try baseOffsets(in: try log.read(from: 120, maxBytes: 1 << 20), call: "read(from: 120)"), [120, 121],
                        "the base offsets of the batches read(from: 120) after flush()")
        do {
            _ = try log.read(from: 125, maxBytes: 100)
            throw CheckFailure("read(from: 125) past the log end (124) returned; it should throw LogError.offsetOutOfRange")
        } catch is LogError {}
    }
}
