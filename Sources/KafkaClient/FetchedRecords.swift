import Contracts
import KafkaProtocol
import NIOCore

/// The records of one partition's Fetch answer: the record batches in its
/// `records` bytes, decoded.
enum FetchedRecords {
    /// Decodes the complete batches in `bytes` (split as `FetchedBatch.split`
    /// splits them: a cut-short last batch and control batches left out),
    /// leaving out the records before `position` (a fetch returns whole
    /// batches, so the first may start earlier), and appends the records to
    /// `records` in offset order. Returns the offset after the last complete
    /// batch: the position to fetch from next.
    static func decode(_ bytes: ByteBuffer, partition: TopicPartition, position: Int64,
                       into records: inout [ConsumerRecord]) throws -> Int64 {
        var batches: [FetchedBatch] = []
        let next = try FetchedBatch.split(bytes, partition: partition, position: position, into: &batches)
        for fetched in batches {
            var buffer = fetched.bytes
            let batch: RecordBatch
            do {
                batch = try RecordBatch.read(from: &buffer)
            } catch {
                throw KafkaClientError.protocolViolation("Fetch of \(partition) at \(position): \(error)")
            }
            let logAppendTime = batch.attributes & 0x8 != 0
            for record in batch.records {
                let offset = batch.baseOffset + Int64(record.offsetDelta)
                guard offset >= position else { continue }
                records.append(ConsumerRecord(
                    topicPartition: partition, offset: offset,
                    timestamp: logAppendTime ? batch.maxTimestamp : batch.baseTimestamp + record.timestampDelta,
                    key: record.key, value: record.value, headers: record.headers))
            }
        }
        return next
    }
}
