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

    init(in directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        file = try LogFile(at: directory.appendingPathComponent("consumer-offsets.log"))
        let bytes = try file.read(at: 0, count: file.size)
        var position = 0
        while position + 8 <= bytes.count {
            let length = Int(bytes[position..<position + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let crc = bytes[position + 4..<position + 8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let body = position + 8
            guard body + length <= bytes.count, CRC32C.checksum(bytes[body..<body + length]) == crc,
                  let commit = try? JSONDecoder().decode(Commit.self, from: Data(bytes[body..<body + length]))
            else { break }
            committed[commit.key] = commit.offset
            position = body + length
        }
        if position < file.size { try file.truncate(to: position) }
    }

    func commit(group: String, topic: String, partition: Int32, offset: CommittedOffset) throws {
        let key = Key(group: group, topic: topic, partition: partition)
        let body = Array(try JSONEncoder().encode(Commit(key: key, offset: offset)))
        let frame = withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init)
            + withUnsafeBytes(of: CRC32C.checksum(body).bigEndian, Array.init) + body
        try file.append(frame)
        try file.sync()
        committed[key] = offset
    }

    func fetch(group: String, topic: String, partition: Int32) -> CommittedOffset? {
        committed[Key(group: group, topic: topic, partition: partition)]
    }
}
