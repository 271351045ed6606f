import Contracts
import Foundation
import KafkaProtocol
import LabKit
import NIOCore

/// The log lab's steps, in order: the grader for `Labs/Log` and `Solutions/Log` alike.
public enum LogSuite {
    public static let lab = Lab<any LogLab>(
        name: "log",
        title: "Log: a Kafka-compatible commit log",
        starterDirectory: "Labs/Log",
        steps: [indexStep, appendStep, readStep, retentionStep, recoveryStep, groupCommitStep, offsetsStep])

    /// A record batch as a producer sends it: `records` records with keys,
    /// values of `valueBytes` bytes and a header, base offset 0.
    static func batch(records: Int, valueBytes: Int = 20, timestamp: Int64 = 1_700_000_000_000) -> [UInt8] {
        let batch = RecordBatch(baseTimestamp: timestamp, records: (0..<records).map { i in
            Record(timestampDelta: Int64(i), offsetDelta: Int32(i), key: Array("key-\(i)".utf8),
                   value: [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: valueBytes),
                   headers: [RecordHeader(key: "n", value: Array(String(i).utf8))])
        })
        var buffer = ByteBuffer()
        batch.write(to: &buffer)
        return Array(buffer.readableBytesView)
    }

    /// The batches in `bytes`, decoded with the Kafka codec (checking every CRC).
    static func batches(in bytes: [UInt8], call: String) throws -> [RecordBatch] {
        var buffer = ByteBuffer(bytes: bytes)
        var found: [RecordBatch] = []
        while buffer.readableBytes > 0 {
            do {
                found.append(try RecordBatch.read(from: &buffer))
            } catch {
                throw CheckFailure("\(call) returned bytes that are not whole, valid record batches: \(error)")
            }
        }
        return found
    }

    /// The base offsets of the batches in `bytes`.
    static func baseOffsets(in bytes: [UInt8], call: String) throws -> [Int64] {
        try batches(in: bytes, call: call).map(\.baseOffset)
    }

    static func segmentFile(_ directory: URL, _ baseOffset: Int64, _ suffix: String) -> URL {
        directory.appendingPathComponent(LogFile.name(baseOffset: baseOffset, suffix: suffix))
    }

    static func fileBytes(_ url: URL) -> [UInt8] {
        (try? Array(Data(contentsOf: url))) ?? []
    }
}
