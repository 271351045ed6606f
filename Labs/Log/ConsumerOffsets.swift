import Contracts
import Foundation

/// Step 7: consumer-group offsets, durable. An append-only file of commits
/// (like Kafka's `__consumer_offsets` topic), each framed as
/// `length (4 bytes, big-endian) | CRC-32C of the JSON (4 bytes) | JSON`,
/// replayed into a dictionary on open; a torn last frame is cut off.
final class ConsumerOffsets: ConsumerOffsetStore {
    struct Key: Hashable, Codable {
        var group: String
        var topic: String
        var partition: Int32
    }

    struct Commit: Codable {
        var key: Key
        var offset: CommittedOffset
    }

    let file: LogFile
    var committed: [Key: CommittedOffset] = [:]

    /// Step 7: opens (creating) `consumer-offsets.log` in `directory` and
    /// replays its commits into `committed`, cutting off a torn or corrupt tail.
    init(in directory: URL) throws {
        throw NotImplemented(step: 7)
    }

    /// Step 7: appends the commit as one frame, syncs it, then remembers it.
    func commit(group: String, topic: String, partition: Int32, offset: CommittedOffset) throws {
        throw NotImplemented(step: 7)
    }

    /// Given.
    func fetch(group: String, topic: String, partition: Int32) -> CommittedOffset? {
        committed[Key(group: group, topic: topic, partition: partition)]
    }
}
