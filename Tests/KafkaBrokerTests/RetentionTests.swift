import Contracts
import Foundation
@testable import KafkaBroker
import KafkaProtocol
import LogSolution
import NIOCore
import Testing

@Suite("Broker retention")
struct RetentionTests {
    @Test("the broker's periodic retention deletes old segments and moves the log start offset")
    func enforcesRetention() async throws {
        var config = BrokerConfig(dataDirectory: FileManager.default.temporaryDirectory
            .appendingPathComponent("retention-\(UUID().uuidString)"))
        config.log.segmentBytes = 1_000
        config.log.retentionBytes = 2_000
        config.log.retentionMs = -1
        defer { try? FileManager.default.removeItem(at: config.dataDirectory) }
        let broker = try Broker(config: config, lab: LogToolkit())
        let partition = try #require(try await broker.partitions(of: "old", create: true)?.first).partition
        var batch = ByteBuffer()
        RecordBatch(baseTimestamp: 0, records: [Record(offsetDelta: 0, key: nil, value: [UInt8](repeating: 1, count: 300))])
            .write(to: &batch)
        for _ in 0..<20 { _ = try await partition.append(Array(batch.readableBytesView)) }
        #expect(await partition.offsets.start == 0)
        let deleted = await broker.enforceRetention(now: 0)
        #expect(deleted > 0)
        let start = await partition.offsets.start
        #expect(start > 0 && start < 20, "the log start offset moved past the deleted segments: \(start)")
    }
}
