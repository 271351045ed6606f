import Contracts
import Foundation
import Testing

@Suite("LogFile")
struct LogFileTests {
    @Test("append(batch:baseOffset:) writes the same bytes as stamping a copy, at the end, without touching the batch")
    func stampedAppend() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("logfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try LogFile(at: directory.appendingPathComponent("0.log"))
        var expected: [UInt8] = []
        for (i, count) in [61, 9, 5, 4_096].enumerated() {
            let batch = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) }
            let offset = Int64(1_000 * i + 42)
            let position = try file.append(batch: batch, baseOffset: offset)
            #expect(position == expected.count)
            let offsetBytes = withUnsafeBytes(of: offset.bigEndian) { Array($0) }
            expected += offsetBytes.prefix(count) + batch.dropFirst(8)
            #expect(batch == (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) }, "the caller's batch is unchanged")
        }
        #expect(file.size == expected.count)
        #expect(try file.read(at: 0, count: expected.count) == expected)
    }
}
