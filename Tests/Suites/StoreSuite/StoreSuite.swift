import Contracts
import Foundation
import LabKit

/// The store lab's steps, in order: the grader for `Labs/Store` and `Solutions/Store` alike.
public enum StoreSuite {
    public static let lab = Lab<any StoreLab>(
        name: "store",
        title: "Store: Cassandra's LSM storage engine",
        starterDirectory: "Labs/Store",
        steps: [reconcileStep, commitLogStep, sstableStep, liveRowsStep, tableStep, compactionStep])

    /// "Now" in the checks, in seconds since the epoch.
    static let now: Int64 = 1_700_000_000

    /// A partition key: the bytes of "user-<n>".
    static func key(_ n: Int) -> PartitionKey { PartitionKey(Array("user-\(n)".utf8)) }

    /// A clustering: `n` as two big-endian bytes (byte order is number order).
    static func clustering(_ n: Int) -> Clustering { Clustering([UInt8(n >> 8), UInt8(n & 0xFF)]) }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A live cell holding `text`.
    static func cell(_ text: String, at timestamp: Int64, expiresAt: Int64? = nil) -> Cell {
        Cell(value: bytes(text), timestamp: timestamp, expiresAt: expiresAt)
    }

    /// A tombstone cell written at `timestamp`, deleted at `now`.
    static func tombstone(at timestamp: Int64, deletedAt: Int64 = now) -> Cell {
        Cell(tombstoneAt: timestamp, localDeletionTime: deletedAt)
    }

    static func deletion(at timestamp: Int64, deletedAt: Int64 = now) -> DeletionTime {
        DeletionTime(markedForDeleteAt: timestamp, localDeletionTime: deletedAt)
    }

    /// An INSERT of one row: a row marker and the cells, all at `timestamp`.
    static func insert(_ key: Int, _ row: Int, _ cells: [String: String], at timestamp: Int64) -> Partition {
        Partition(key: StoreSuite.key(key), rows: [
            Row(clustering: clustering(row), liveness: LivenessInfo(timestamp: timestamp),
                cells: cells.mapValues { cell($0, at: timestamp) }),
        ])
    }

    /// The files in `directory` whose names start with `prefix`, sorted.
    static func files(in directory: URL, prefix: String = "") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func fileBytes(_ url: URL) -> [UInt8] {
        (try? Array(Data(contentsOf: url))) ?? []
    }

    /// Flips one bit of the byte at `offset` in the file.
    static func flipByte(_ url: URL, at offset: Int) throws {
        var bytes = fileBytes(url)
        bytes[offset] ^= 0x20
        try Data(bytes).write(to: url)
    }

    /// A short description of rows for messages: clustering and cells.
    static func brief(_ rows: [Row]) -> String {
        rows.isEmpty ? "no rows" : rows.map { row in
            let cells = row.cells.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.value.map { String(decoding: $0, as: UTF8.self) } ?? "tombstone")" }
            return "[\(row.clustering.bytes.hexString)" + (row.liveness == nil ? "" : " marker") + (cells.isEmpty ? "" : " ")
                + cells.joined(separator: " ") + "]"
        }.joined(separator: " ")
    }
}
