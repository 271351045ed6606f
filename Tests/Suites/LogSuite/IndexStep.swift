import Contracts
import Foundation
import LabKit

extension LogSuite {
    /// Step 1: the sparse offset index, in memory and in Kafka's file format.
    static let indexStep = Step<any LogLab>(
        1, "The offset index",
        file: "Labs/Log/OffsetIndex.swift", function: "append(offset:position:) and lookup(_:)",
        hints: [
            "append writes 8 bytes at the end of the file: the offset minus baseOffset as a big-endian UInt32, then the position as a big-endian UInt32 (withUnsafeBytes(of: value.bigEndian, Array.init) gives the bytes); then it remembers the entry.",
            "lookup is a binary search over entries for the last one whose offset is <= the target; nil when even the first is larger.",
            "The index is sparse: most offsets have no entry of their own. lookup(1024) with entries at 1010 and 1025 is the 1010 entry: scanning starts there.",
        ],
        reading: "Labs/Log/README.md#step-1-the-offset-index"
    ) { lab, context in
        let url = context.directory.appendingPathComponent("00000000000000001000.index")
        let index = try attempt("openOffsetIndex") { try lab.openOffsetIndex(at: url, baseOffset: 1_000) }
        try expectEqual(try attempt("lookup(1000)") { try index.lookup(1_000) }, nil, "lookup(1000) on an empty index")
        let entries = [IndexEntry(offset: 1_000, position: 0), IndexEntry(offset: 1_010, position: 4_096),
                       IndexEntry(offset: 1_025, position: 8_200), IndexEntry(offset: 1_100, position: 20_000)]
        for entry in entries {
            try attempt("append(offset: \(entry.offset), position: \(entry.position))") {
                try index.append(offset: entry.offset, position: entry.position)
            }
        }
        try expectEqual(index.entries, entries, "entries after four appends")
        let lookups: [(Int64, IndexEntry?)] = [
            (999, nil), (1_000, entries[0]), (1_009, entries[0]), (1_010, entries[1]), (1_024, entries[1]),
            (1_025, entries[2]), (1_099, entries[2]), (1_100, entries[3]), (5_000, entries[3]),
        ]
        for (offset, expected) in lookups {
            try expectEqual(try index.lookup(offset), expected, "lookup(\(offset))")
        }
        try index.sync()
        let bytes = fileBytes(url)
        try expectEqual(bytes.count, 32, "the .index file's size after four entries (8 bytes each)")
        try expectEqual(Array(bytes[8..<16]), [0, 0, 0, 10, 0, 0, 0x10, 0],
                        "the second entry's bytes (relative offset 10, position 4096, big-endian)")
        let reopened = try attempt("openOffsetIndex again") { try lab.openOffsetIndex(at: url, baseOffset: 1_000) }
        try expectEqual(reopened.entries, entries, "entries after reopening the index file")
        try expectEqual(try reopened.lookup(1_030), entries[2], "lookup(1030) after reopening")

        let big = try lab.openOffsetIndex(at: context.directory.appendingPathComponent("big.index"), baseOffset: 0)
        for i in 0..<5_000 { try big.append(offset: Int64(i * 7), position: i * 1_000) }
        for probe in stride(from: 0, to: 35_000, by: 3) {
            let expected = IndexEntry(offset: Int64(probe / 7 * 7), position: probe / 7 * 1_000)
            try expectEqual(try big.lookup(Int64(probe)), expected, "lookup(\(probe)) with 5000 entries every 7 offsets")
        }
    }
}
