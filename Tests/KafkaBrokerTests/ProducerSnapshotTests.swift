import Contracts
import Foundation
@testable import KafkaBroker
import KafkaProtocol
import LogSolution
import NIOCore
import Testing

@Suite("Producer snapshots")
struct ProducerSnapshotTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("snapshots-\(UUID().uuidString)")
    var config: LogConfig {
        var config = LogConfig()
        config.segmentBytes = 1_000  // every batch below rolls the log
        return config
    }

    func open() throws -> KafkaBroker.Partition {
        try KafkaBroker.Partition(topic: "t", index: 0, lab: LogToolkit(), directory: directory, config: config)
    }

    /// Producer 7's batch of two 300-byte records, its first at `sequence`.
    func batch(sequence: Int32) -> [UInt8] {
        var buffer = ByteBuffer()
        RecordBatch(baseTimestamp: 1_700_000_000_000, producerID: 7, producerEpoch: 0, baseSequence: sequence,
                    records: (0..<2).map { Record(offsetDelta: Int32($0), key: nil, value: [UInt8](repeating: UInt8($0), count: 300)) })
            .write(to: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// Six batches (sequences 0, 2, ..., 10 at offsets 0, 2, ..., 10), one segment each.
    func writeSixBatches() async throws {
        let partition = try open()
        for i in 0..<6 {
            let appended = try await partition.append(batch(sequence: Int32(2 * i)))
            #expect(appended.baseOffset == Int64(2 * i))
        }
    }

    /// Reopens the partition and sends the last five batches again: each must be a duplicate.
    func expectRetriesRecognised(_ why: Comment) async throws {
        let reopened = try open()
        for i in 1..<6 {
            let answer = try await reopened.append(batch(sequence: Int32(2 * i)))
            #expect(answer == (Int64(2 * i), Int64(2 * i + 2)), why)
        }
        #expect(await reopened.offsets.end == 12, "nothing was appended twice")
    }

    @Test("a roll writes a snapshot; the newest two are kept, and a restart recognises retries from older segments")
    func snapshotsOnRoll() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await writeSixBatches()
        #expect(ProducerSnapshot.offsets(in: directory) == [8, 10])
        let atTen = try ProducerSnapshot.read(offset: 10, in: directory)
        #expect(atTen[7]?.batches.map(\.firstSequence) == [0, 2, 4, 6, 8], "the state as of offset 10: the batches before it")
        try await expectRetriesRecognised("rebuilt from the snapshot at 10 and the batch after it")
    }

    @Test("a torn newest snapshot is skipped for the older one")
    func tornSnapshot() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await writeSixBatches()
        let newest = ProducerSnapshot.url(offset: 10, in: directory)
        let bytes = try Data(contentsOf: newest)
        try bytes.prefix(bytes.count - 3).write(to: newest)
        #expect(throws: ProducerSnapshot.SnapshotDamaged.self) { try ProducerSnapshot.read(offset: 10, in: directory) }
        try await expectRetriesRecognised("rebuilt from the snapshot at 8 and the batches after it")
    }

    @Test("with no snapshot at all the state is replayed from the log start")
    func noSnapshots() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await writeSixBatches()
        for offset in ProducerSnapshot.offsets(in: directory) { ProducerSnapshot.remove(offset: offset, in: directory) }
        try await expectRetriesRecognised("rebuilt by replaying every segment")
    }

    @Test("a snapshot past the high watermark (the log lost its tail) is removed, not used")
    func snapshotPastTheEnd() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await writeSixBatches()
        try ProducerSnapshot.write([7: ProducerState(epoch: 0, batches: [.init(firstSequence: 90, lastSequence: 91, baseOffset: 90, lastOffset: 91)])],
                                   offset: 100, in: directory)
        try await expectRetriesRecognised("the snapshot at 100 is past the log's end and must be ignored")
        #expect(!ProducerSnapshot.offsets(in: directory).contains(100))
    }
}
