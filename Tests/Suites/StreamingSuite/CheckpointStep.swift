import Contracts
import Foundation
import LabKit
import StreamProcessing

extension StreamingSuite {
    /// Step 6: atomic checkpoints, and exactly-once results across a crash.
    static let checkpointStep = Step<any StreamingLab>(
        6, "Checkpoints and exactly-once",
        file: "Labs/Streaming/Checkpoints.swift", function: "Checkpoints.write(_:), Checkpoints.latest()",
        hints: [
            "write: JSONEncoder().encode(checkpoint), then 4 bytes of CRC32C.checksum(json) (big-endian) in front. Write them to \"<name>.tmp\" with LogFile (append, then sync()), rename(2) it to the final name (LogFile.name(baseOffset: checkpoint.batchId, suffix: Checkpoints.suffix)), then LogFile.syncDirectory(directory): only then is the new name durable.",
            "latest: list the directory (it may not exist: nil), keep names ending in .checkpoint, sort them (the zero-padded ids sort as numbers), and return the newest one whose CRC matches and whose JSON decodes. A torn or corrupt newest file means the crash hit while writing it: fall back to the one before.",
            "After a successful write, delete all but the newest Checkpoints.kept files. Never delete before the new one is durable.",
            "Why this gives exactly-once: the runner writes a batch's output, then the checkpoint (state + source offsets + output length). On restart it truncates the output to the checkpoint's length and replays the source from its offsets: whatever the crash interrupted is redone, once.",
        ],
        reading: "Labs/Streaming/README.md#step-6-checkpoints-and-exactly-once"
    ) { lab, context in
        let dir = context.directory.appendingPathComponent("checkpoints")
        try expectEqual(try attempt("latestCheckpoint(in: a directory that does not exist)") { try lab.latestCheckpoint(in: dir) },
                        nil, "latestCheckpoint(in: a directory that does not exist)")
        func checkpoint(_ id: Int64) -> StreamCheckpoint {
            StreamCheckpoint(batchId: id, sourceOffsets: ["input.json": id * 100], outputLength: id * 10, watermark: id * 1_000,
                             maxEventTime: id * 1_000 + 500, openWindows: [WindowState(start: id * 1_000, counts: ["swift": id])],
                             lateEvents: id, malformedRecords: 1)
        }
        for id in 1...4 as ClosedRange<Int64> {
            try attempt("writeCheckpoint(batch \(id))") { try lab.writeCheckpoint(checkpoint(id), in: dir) }
            try expectEqual(try attempt("latestCheckpoint") { try lab.latestCheckpoint(in: dir) }, Optional(checkpoint(id)),
                            "latestCheckpoint after writing batch \(id)'s checkpoint")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        try expect(names.allSatisfy { !$0.hasSuffix(".tmp") }, "the checkpoint directory still holds temporary files after the writes: \(names)")
        try expect(names.count <= 3, "after 4 checkpoints the directory holds \(names.count) files (\(names)): delete old ones, keeping Checkpoints.kept (2)")

        // A crash while writing the newest one: it is torn; the one before it counts.
        let newest = dir.appendingPathComponent(names.filter { $0.hasSuffix(".checkpoint") }.last!)
        var bytes = try Array(Data(contentsOf: newest))
        bytes[bytes.count / 2] ^= 0x20
        try Data(bytes).write(to: newest)
        try expectEqual(try lab.latestCheckpoint(in: dir), Optional(checkpoint(3)),
                        "latestCheckpoint when the newest file (batch 4) has a flipped byte (its CRC fails): fall back to batch 3")
        try Data(bytes.prefix(7)).write(to: newest)
        try expectEqual(try lab.latestCheckpoint(in: dir), Optional(checkpoint(3)), "latestCheckpoint when the newest file is cut short")
        try Data("not a checkpoint".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        try expectEqual(try lab.latestCheckpoint(in: dir), Optional(checkpoint(3)), "latestCheckpoint with an unrelated file in the directory")

        // Exactly once: a job that crashes after writing output but before its
        // checkpoint, then restarts, writes what an uninterrupted run writes.
        let config = orderlyWorkload(seed: 21)
        let events = HashtagInput.events(config, count: 30_000)
        let input = context.directory.appendingPathComponent("input.json")
        try Data(events.map { HashtagInput.line($0, format: .json) }.joined().utf8).write(to: input)
        let expected = HashtagInput.bruteForceTopK(events, window: tenSeconds, top: 5)
        func options(_ name: String) -> WindowTopKJob.Options {
            var options = WindowTopKJob.Options(input: input.path, format: .json, window: .tumbling(tenSeconds),
                                                output: context.directory.appendingPathComponent(name).path)
            options.top = 5
            options.batchBytes = 64 << 10
            options.parallelism = 2
            return options
        }
        var crashing = options("crashed.tsv")
        crashing.crashAfterBatch = 7
        do {
            try WindowTopKJob(lab: lab, options: crashing).run()
            throw CheckFailure("the job was told to crash after batch 7 and did not (the input has about 20 batches)")
        } catch is WindowTopKJob.SimulatedCrash {}
        crashing.crashAfterBatch = nil
        let resumed = try attempt("the window-topk job restarted after a crash") { try WindowTopKJob(lab: lab, options: crashing).run() }
        try expectEqual(resumed.resumedFromBatch, 6, "the batch the restarted job resumed after (it crashed after writing batch 7's output, before its checkpoint)")
        let output = String(decoding: try Data(contentsOf: URL(fileURLWithPath: crashing.output)), as: UTF8.self)
        try expect(output == expected,
                   "after a crash and a restart, the output should equal the brute-force answer exactly (each window once): \(firstDifference(output, expected))")
        let again = try WindowTopKJob(lab: lab, options: crashing).run()
        try expect(again.finishedEarlier, "running a finished job again should find its final checkpoint and do nothing")
    }
}
