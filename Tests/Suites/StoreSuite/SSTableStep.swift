import Contracts
import Foundation
import LabKit

extension StoreSuite {
    /// Step 3: a bloom filter, and SSTables written durably, read by key through the index, checked on open.
    static let sstableStep = Step<any StoreLab>(
        3, "SSTables: flush to disk",
        file: "Labs/Store/BloomFilter.swift, PartitionIndex.swift, SSTableWriter.swift, SSTable.swift",
        function: "BloomFilter.add(_:)/mightContain(_:), PartitionIndex.lookup(_:), SSTableWriter.write(_:as:config:), SSTable.partition(_:)",
        hints: [
            "Bloom filter: let (h1, h2) = Murmur3.hash128(key); bit i of k is (h1 &+ UInt64(i) &* h2) % UInt64(bitCount). add sets the k bits (words[bit >> 6] |= 1 << (bit & 63)); mightContain is true only if all k are set.",
            "PartitionIndex.lookup: binary search keys for the first key not less than the one asked; if it is that key, its partition runs from positions[i] to positions[i + 1] (or dataEnd for the last).",
            "SSTableWriter.write: for each partition, index.append(key, at: data.count), filter.add(key.bytes), ChecksummedEntry.append(partition, to: &data). Set index.dataEnd. Then descriptor.writeTemporary each component (Data.db, index.serialized(), filter.serialized(), and Array(String(CRC32C.checksum(data)).utf8) as Digest.crc32), descriptor.publish(), and return try SSTable(descriptor).",
            "SSTable.partition: filter.mightContain first (no means nil, without touching the disk), then index.lookup, then data.read(at:count:) that range, and decode(_:at:) (given) checks the frame's CRC and decodes it.",
        ],
        reading: "Labs/Store/README.md#step-3-sstables-flush-to-disk"
    ) { lab, context in
        let dir = context.directory
        // The bloom filter.
        let filter = lab.makeBloomFilter(expectedKeys: 10_000, falsePositiveChance: 0.01)
        for i in 0..<10_000 { try attempt("BloomFilter.add(key \(i))") { try filter.add(key(i).bytes) } }
        for i in 0..<10_000 {
            try expect(try attempt("mightContain") { try filter.mightContain(key(i).bytes) },
                       "mightContain(\(key(i))) is false although that key was added: a bloom filter never says no to a key it holds")
        }
        var falsePositives = 0
        for i in 10_000..<30_000 where try filter.mightContain(key(i).bytes) { falsePositives += 1 }
        try expect(falsePositives < 400,
                   "mightContain said yes to \(falsePositives) of 20000 keys never added (\(Double(falsePositives) / 200)%); at a 1% false-positive chance it should be about 200: set k different bits per key (double hashing with h1 and h2)")
        try expect(falsePositives > 0, "mightContain said no to all 20000 keys never added: suspicious for a 1% filter")
        // Filter.db is read by the next process: its bits must come from Murmur3 (the same in every
        // process), not from Swift's hashValue (seeded afresh in each one).
        let small = lab.makeBloomFilter(expectedKeys: 3, falsePositiveChance: 0.01)
        let keys = ["ada", "grace", "linus"].map { Array($0.utf8) }
        for key in keys { try attempt("BloomFilter.add") { try small.add(key) } }
        let bytes = small.serialized()
        func word32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let (hashCount, wordCount) = (word32(0), word32(4))
        var expected = [UInt64](repeating: 0, count: wordCount)
        for key in keys {
            let (h1, h2) = Murmur3.hash128(key)
            for i in 0..<UInt64(hashCount) {
                let bit = (h1 &+ i &* h2) % UInt64(wordCount * 64)
                expected[Int(bit >> 6)] |= 1 << (bit & 63)
            }
        }
        let words = (0..<wordCount).map { w in bytes[8 + w * 8..<16 + w * 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
        try expect(words == expected, """
            the bits of a filter holding "ada", "grace" and "linus" are not the ones Murmur3.hash128 gives \
            ((h1 &+ i &* h2) % bitCount for i in 0..<hashCount): Filter.db is read by the next process, so the \
            bits must not depend on anything that changes between runs (such as hashValue)
            """)

        // Write an SSTable.
        var config = StoreConfig()
        config.bloomFilterFalsePositiveChance = 0.01
        let partitions = (0..<1_000).map { i in
            var partition = insert(i, 1, ["body": "chirp \(i)"], at: Int64(i))
            if i % 10 == 0 { partition.rows.append(Row(clustering: clustering(2), cells: ["body": tombstone(at: 5)])) }
            if i % 25 == 0 { partition.deletion = deletion(at: 1) }
            return partition
        }.sorted { $0.key < $1.key }
        let sstable = try attempt("writeSSTable(1000 partitions, generation: 1)") {
            try lab.writeSSTable(partitions, generation: 1, in: dir, config: config)
        }
        let names = files(in: dir, prefix: "nb-")
        try expectEqual(names, ["nb-1-big-Data.db", "nb-1-big-Digest.crc32", "nb-1-big-Filter.db", "nb-1-big-Index.db"],
                        "the files in the directory after writeSSTable (no temporary files left)")
        let data = fileBytes(dir.appendingPathComponent("nb-1-big-Data.db"))
        var expectedData: [UInt8] = []
        for partition in partitions { ChecksummedEntry.append(partition, to: &expectedData) }
        try expect(data == expectedData,
                   "nb-1-big-Data.db should hold the 1000 partitions in order, each framed by ChecksummedEntry, back to back (\(expectedData.count) bytes); it holds \(data.count) bytes that differ")
        try expectEqual(String(decoding: fileBytes(dir.appendingPathComponent("nb-1-big-Digest.crc32")), as: UTF8.self),
                        String(CRC32C.checksum(data)), "nb-1-big-Digest.crc32 (the CRC-32C of Data.db, in decimal)")
        try expectEqual(sstable.partitionCount, 1_000, "partitionCount")
        try expectEqual(sstable.dataSize, data.count, "dataSize (Data.db's size)")

        func checkReads(_ sstable: any SSTableReading, _ what: String) throws {
            for partition in partitions {
                let read = try attempt("partition(\(partition.key)) \(what)") { try sstable.partition(partition.key) }
                try expectEqual(read, partition, "partition(\(partition.key)) \(what)")
            }
            for i in 1_000..<1_300 {
                try expectEqual(try sstable.partition(key(i)), nil, "partition(\(key(i))) \(what), a key not in the SSTable")
            }
            try expectEqual(try sstable.keys(), partitions.map(\.key), "keys() \(what)")
            try expect(try sstable.partitions() == partitions, "partitions() \(what) should return the 1000 partitions written, in order")
            try expect(try partitions.allSatisfy { try sstable.mightContain($0.key) }, "mightContain is false for a key the SSTable holds \(what)")
        }
        try checkReads(sstable, "on the SSTable writeSSTable returned")
        let reopened = try attempt("openSSTable(generation: 1)") { try lab.openSSTable(generation: 1, in: dir) }
        try checkReads(reopened, "after openSSTable")

        // A flipped byte in Data.db: reported when read, and when opened.
        let target = partitions[500]
        var offset = 0
        for partition in partitions.prefix(500) { offset += partition.serialized().count + ChecksummedEntry.headerSize }
        try flipByte(dir.appendingPathComponent("nb-1-big-Data.db"), at: offset + ChecksummedEntry.headerSize + 4)
        do {
            let read = try reopened.partition(target.key)
            throw CheckFailure("partition(\(target.key)) returned \(read.map(String.init(describing:)) ?? "nil") although a byte of it in Data.db was flipped: check the entry's CRC-32C and throw")
        } catch let error as CheckFailure {
            throw error
        } catch let error as NotImplemented {
            throw error
        } catch {}
        try expectEqual(try reopened.partition(partitions[499].key), partitions[499], "partition(the key before the damaged one)")
        _ = try expectError("openSSTable(generation: 1) with a flipped byte in Data.db (its digest no longer matches)") {
            try lab.openSSTable(generation: 1, in: dir)
        }

        // Empty and single-partition SSTables work too.
        let single = try lab.writeSSTable([partitions[0]], generation: 2, in: dir, config: config)
        try expectEqual(try single.partition(partitions[0].key), partitions[0], "partition(_:) on an SSTable of one partition")
        try expectEqual(try lab.openSSTable(generation: 2, in: dir).partition(partitions[1].key), nil,
                        "partition(a key not there) on an SSTable of one partition")
    }
}
