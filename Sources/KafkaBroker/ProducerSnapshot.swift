import Contracts
import Foundation

/// Kafka's producer-state snapshot: `<offset>.snapshot` in the partition's
/// folder holds every idempotent producer's last batches as of `offset`,
/// the base offset of a segment that was just rolled. On open the partition
/// reads the newest whole snapshot and replays only the batches after it,
/// so a retry of a batch written before the last roll is still recognised
/// after a restart (replaying the active segment alone would miss it).
///
/// The file is one `ChecksummedEntry` around JSON, written to a temporary
/// name and renamed: a torn or damaged snapshot is skipped for an older one,
/// or for a replay from the log start offset. No fsync is needed: a lost
/// snapshot costs a longer replay, never a wrong answer.
enum ProducerSnapshot {
    static let suffix = ".snapshot"
    /// Snapshots kept: the newest and one to fall back on.
    static let retained = 2

    /// One producer's state, as stored.
    struct Entry: Codable {
        var producerID: Int64
        var epoch: Int16
        var batches: [ProducerState.Batch]
    }

    static func url(offset: Int64, in directory: URL) -> URL {
        directory.appendingPathComponent(LogFile.name(baseOffset: offset, suffix: suffix))
    }

    /// The offsets of the snapshots in `directory`, oldest first.
    static func offsets(in directory: URL) -> [Int64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.compactMap { Int64($0.dropLast(suffix.count)) }.sorted()
    }

    /// Writes the producers' state as of `offset`, then keeps only the newest `retained` snapshots.
    static func write(_ producers: [Int64: ProducerState], offset: Int64, in directory: URL) throws {
        let entries = producers.sorted { $0.key < $1.key }.map { Entry(producerID: $0.key, epoch: $0.value.epoch, batches: $0.value.batches) }
        var framed: [UInt8] = []
        ChecksummedEntry.append(Array(try JSONEncoder().encode(entries)), to: &framed)
        try Data(framed).write(to: url(offset: offset, in: directory), options: .atomic)
        for old in offsets(in: directory).dropLast(retained) { remove(offset: old, in: directory) }
    }

    /// The state stored at `offset`; throws if the snapshot is missing, torn or damaged.
    static func read(offset: Int64, in directory: URL) throws -> [Int64: ProducerState] {
        let bytes = Array(try Data(contentsOf: url(offset: offset, in: directory)))
        guard case .entry(let payload, let next) = ChecksummedEntry.read(bytes, at: 0), next == bytes.count else {
            throw SnapshotDamaged(offset: offset)
        }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(bytes[payload]))
        return Dictionary(entries.map { ($0.producerID, ProducerState(epoch: $0.epoch, batches: $0.batches)) },
                          uniquingKeysWith: { _, last in last })
    }

    static func remove(offset: Int64, in directory: URL) {
        try? FileManager.default.removeItem(at: url(offset: offset, in: directory))
    }

    struct SnapshotDamaged: Error, CustomStringConvertible {
        let offset: Int64
        var description: String { "the producer snapshot at offset \(offset) is torn or damaged" }
    }
}
