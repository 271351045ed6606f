import Contracts
import Foundation
import LabKit

extension LogSuite {
    /// Step 7: committed consumer offsets survive a restart and a torn write.
    static let offsetsStep = Step<any LogLab>(
        7, "Consumer-group offsets",
        file: "Labs/Log/ConsumerOffsets.swift", function: "commit(group:topic:partition:offset:) and init(in:)",
        hints: [
            "commit: encode the commit (the Commit struct is Codable) with JSONEncoder, frame it as length (4 bytes) + CRC32C.checksum(body) (4 bytes) + body, file.append it, file.sync(), then update the dictionary.",
            "init: read the whole file and replay the frames in order into the dictionary; the last commit for a key wins.",
            "Stop at the first frame that is cut short or fails its CRC: that is a torn write from a crash. file.truncate(to:) it away so the next commit starts clean.",
        ],
        reading: "Labs/Log/README.md#step-7-consumer-group-offsets"
    ) { lab, context in
        let dir = context.directory
        var store: (any ConsumerOffsetStore)? = try attempt("openOffsetStore") { try lab.openOffsetStore(in: dir) }
        try expectEqual(store!.fetch(group: "g", topic: "chirps", partition: 0), nil, "fetch before any commit")
        let commits: [(String, String, Int32, CommittedOffset)] = [
            ("trending", "chirps", 0, CommittedOffset(offset: 10, metadata: nil)),
            ("trending", "chirps", 1, CommittedOffset(offset: 7, metadata: "m")),
            ("spam", "chirps", 0, CommittedOffset(offset: 3, metadata: nil)),
            ("trending", "chirps", 0, CommittedOffset(offset: 42, metadata: "later")),
        ]
        for (group, topic, partition, offset) in commits {
            try attempt("commit(group: \(group), partition: \(partition), offset: \(offset.offset))") {
                try store!.commit(group: group, topic: topic, partition: partition, offset: offset)
            }
        }
        let expected: [(String, Int32, CommittedOffset?)] = [
            ("trending", 0, CommittedOffset(offset: 42, metadata: "later")), ("trending", 1, CommittedOffset(offset: 7, metadata: "m")),
            ("spam", 0, CommittedOffset(offset: 3, metadata: nil)), ("spam", 1, nil),
        ]
        func checkAll(_ when: String) throws {
            for (group, partition, offset) in expected {
                try expectEqual(store!.fetch(group: group, topic: "chirps", partition: partition), offset,
                                "fetch(group: \(group), partition: \(partition)) \(when)")
            }
        }
        try checkAll("after the commits")
        store = nil
        store = try attempt("openOffsetStore again") { try lab.openOffsetStore(in: dir) }
        try checkAll("after reopening the store")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let handle = try FileHandle(forWritingTo: dir.appendingPathComponent(name))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data([0, 0, 0, 90, 1, 2, 3, 4, 5]))
            try handle.close()
        }
        store = nil
        store = try attempt("openOffsetStore after a torn write") { try lab.openOffsetStore(in: dir) }
        try checkAll("after a torn write at the end of the file")
        try store!.commit(group: "spam", topic: "chirps", partition: 1, offset: CommittedOffset(offset: 5, metadata: nil))
        store = nil
        store = try lab.openOffsetStore(in: dir)
        try expectEqual(store!.fetch(group: "spam", topic: "chirps", partition: 1), CommittedOffset(offset: 5, metadata: nil),
                        "a commit made after recovering from a torn write, after reopening")
    }
}
