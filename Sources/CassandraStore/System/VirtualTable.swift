import CQL
import Foundation

/// A table whose rows are computed, not stored: `system.local`, `system.peers`,
/// `system_schema.*`. Reads filter by equality on any column and need no paging.
struct VirtualTable: Sendable {
    let metadata: TableMetadata
    /// The rows now, each a value per column of `metadata.columns`, in that order.
    let rows: @Sendable () -> [[CQLValue]]

    init(keyspace: String, name: String, partitionKey: [(String, CQLType)], clustering: [(String, CQLType)] = [],
         regular: [(String, CQLType)], rows: @escaping @Sendable () -> [[String: CQLValue]]) {
        var columns: [ColumnMetadata] = []
        for (position, (column, type)) in partitionKey.enumerated() {
            columns.append(ColumnMetadata(name: column, type: type, kind: .partitionKey, position: position))
        }
        for (position, (column, type)) in clustering.enumerated() {
            columns.append(ColumnMetadata(name: column, type: type, kind: .clustering, position: position))
        }
        for (column, type) in regular {
            columns.append(ColumnMetadata(name: column, type: type, kind: .regular, position: -1))
        }
        // A fixed id per name, so the schema version stays put across restarts.
        let metadata = TableMetadata(keyspace: keyspace, name: name, id: UUID(naming: Array("\(keyspace).\(name)".utf8)),
                                     columns: columns)
        self.metadata = metadata
        self.rows = { rows().map { row in metadata.columns.map { row[$0.name] ?? .null } } }
    }
}
