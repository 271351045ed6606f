import Contracts
import Foundation

/// The store's tables on disk: `<data>/<keyspace>/<table>-<id>/`, each opened
/// once through the lab's `openTable` and kept open.
public final class StorageEngine: @unchecked Sendable {
    public let directory: URL
    let lab: any StoreLab
    let config: StoreConfig
    private let lock = NSLock()
    private var open: [UUID: TableHandle] = [:]

    public init(directory: URL, lab: any StoreLab, config: StoreConfig) {
        self.directory = directory
        self.lab = lab
        self.config = config
    }

    /// The open table for `metadata`, opening (and replaying) it on first use.
    public func table(_ metadata: TableMetadata) throws -> TableHandle {
        try lock.withLock {
            if let handle = open[metadata.id] { return handle }
            var config = self.config
            config.gcGraceSeconds = Int64(metadata.gcGraceSeconds)
            let handle = try TableHandle(metadata: metadata, directory: tableDirectory(metadata), lab: lab, config: config)
            open[metadata.id] = handle
            return handle
        }
    }

    /// Closes the table and deletes its files (DROP TABLE, DROP KEYSPACE, TRUNCATE).
    public func drop(_ metadata: TableMetadata) throws {
        let handle = lock.withLock { open.removeValue(forKey: metadata.id) }
        handle?.close()  // a memtable still being written must not land in a directory TRUNCATE makes again
        let directory = tableDirectory(metadata)
        if FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.removeItem(at: directory)
        }
    }

    /// Every open table.
    public var tables: [TableHandle] { lock.withLock { Array(open.values) } }

    /// One compaction round on every open table; returns how many SSTables merged.
    public func compactAll(now: Int64) -> Int {
        tables.reduce(0) { total, table in total + ((try? table.compact(now: now)) ?? 0) }
    }

    func tableDirectory(_ metadata: TableMetadata) -> URL {
        directory.appendingPathComponent(metadata.keyspace).appendingPathComponent(metadata.directoryName)
    }
}
