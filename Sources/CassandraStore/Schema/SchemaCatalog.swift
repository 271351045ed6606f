import Contracts
import Foundation

/// Every keyspace and table the store holds, saved to `schema.json` in the
/// data directory (written to a temporary file, fsynced, renamed), so a
/// restart, even after `kill -9`, finds every table acknowledged as created.
/// Cassandra keeps the same facts in its `system_schema` tables.
public final class SchemaCatalog: @unchecked Sendable {
    private let lock = NSLock()
    private let file: URL
    private var keyspaces: [String: KeyspaceMetadata]
    /// Changes with every schema change: `system.local.schema_version`.
    public private(set) var version: UUID

    public init(directory: URL) throws {
        file = directory.appendingPathComponent("schema.json")
        if let data = try? Data(contentsOf: file) {
            keyspaces = try JSONDecoder().decode([String: KeyspaceMetadata].self, from: data)
        } else {
            keyspaces = [:]
        }
        version = Self.version(of: keyspaces)
    }

    /// The keyspaces users created, by name.
    public var all: [String: KeyspaceMetadata] { lock.withLock { keyspaces } }

    public func keyspace(_ name: String) -> KeyspaceMetadata? { lock.withLock { keyspaces[name] } }

    public func table(_ keyspace: String, _ name: String) -> TableMetadata? {
        lock.withLock { keyspaces[keyspace]?.tables[name] }
    }

    /// Applies `change` to the keyspaces and saves them durably; what it returns comes back.
    public func update<T>(_ change: (inout [String: KeyspaceMetadata]) throws -> T) throws -> T {
        try lock.withLock {
            var changed = keyspaces
            let result = try change(&changed)
            try save(changed)
            keyspaces = changed
            version = Self.version(of: changed)
            return result
        }
    }

    private func save(_ keyspaces: [String: KeyspaceMetadata]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(keyspaces)
        try DurableFile.replace(file, with: Array(data))
    }

    /// A name-based UUID of the schema's contents, so every restart reports the same version.
    static func version(of keyspaces: [String: KeyspaceMetadata]) -> UUID {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return UUID(naming: Array((try? encoder.encode(keyspaces)) ?? Data()))
    }
}
