import CQL
import Foundation

/// A column's role in its table, as `system_schema.columns.kind` names it.
public enum ColumnKind: String, Codable, Sendable {
    case partitionKey = "partition_key"
    case clustering
    case regular
    case `static`

    /// A part of the primary key (partition key or clustering), as opposed to
    /// a column that holds cells (regular or static).
    public var isPrimaryKey: Bool { self == .partitionKey || self == .clustering }
}

/// One column of a table.
public struct ColumnMetadata: Codable, Sendable, Hashable {
    public var name: String
    public var type: CQLType
    public var kind: ColumnKind
    /// Position within the partition key or the clustering columns; -1 for regular columns.
    public var position: Int
    /// Clustering columns only: DESC reverses the column's order on disk.
    public var descending: Bool

    public init(name: String, type: CQLType, kind: ColumnKind, position: Int, descending: Bool = false) {
        self.name = name
        self.type = type
        self.kind = kind
        self.position = position
        self.descending = descending
    }

    /// `system_schema.columns.clustering_order`: asc, desc, or none.
    public var clusteringOrder: String { kind == .clustering ? (descending ? "desc" : "asc") : "none" }
}

/// A table's definition: Cassandra's `TableMetadata`.
public struct TableMetadata: Codable, Sendable, Hashable {
    public var keyspace: String
    public var name: String
    /// A table's identity, also part of its data directory's name (`<table>-<id>`).
    public var id: UUID
    /// Every column, in the order CREATE TABLE listed them.
    public var columns: [ColumnMetadata]
    public var defaultTimeToLive: Int = 0
    public var gcGraceSeconds: Int = 864_000
    public var comment: String = ""

    public init(keyspace: String, name: String, id: UUID = UUID(), columns: [ColumnMetadata]) {
        self.keyspace = keyspace
        self.name = name
        self.id = id
        self.columns = columns
    }

    /// The partition key columns, in key order.
    public var partitionKey: [ColumnMetadata] { partitionKeyIndices.map { columns[$0] } }

    /// The clustering columns, in clustering order.
    public var clusteringColumns: [ColumnMetadata] { clusteringIndices.map { columns[$0] } }

    /// Columns that are neither partition key nor clustering.
    public var regularColumns: [ColumnMetadata] { regularIndices.map { columns[$0] } }

    /// Where the partition key columns are in `columns`, in key order.
    public var partitionKeyIndices: [Int] { indices(of: .partitionKey) }

    /// Where the clustering columns are in `columns`, in clustering order.
    public var clusteringIndices: [Int] { indices(of: .clustering) }

    /// Where the regular and static columns are in `columns`.
    public var regularIndices: [Int] { columns.indices.filter { !columns[$0].kind.isPrimaryKey } }

    private func indices(of kind: ColumnKind) -> [Int] {
        columns.indices.filter { columns[$0].kind == kind }.sorted { columns[$0].position < columns[$1].position }
    }

    /// Primary key first (partition key, then clustering), then the rest by
    /// name: the order `SELECT *` returns, as Cassandra does.
    public var selectStarColumns: [ColumnMetadata] {
        partitionKey + clusteringColumns + regularColumns.sorted { $0.name < $1.name }
    }

    public func column(_ name: String) -> ColumnMetadata? { columns.first { $0.name == name } }

    /// The table's directory name under its keyspace's: `<table>-<id without dashes>`.
    public var directoryName: String {
        "\(name)-\(id.uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
    }
}

/// A keyspace: a namespace of tables with a replication setting.
public struct KeyspaceMetadata: Codable, Sendable, Hashable {
    public var name: String
    /// `{'class': 'SimpleStrategy', 'replication_factor': '1'}`; the class is fully qualified as Cassandra reports it.
    public var replication: [String: String]
    public var durableWrites: Bool
    public var tables: [String: TableMetadata]

    public init(name: String, replication: [String: String], durableWrites: Bool = true, tables: [String: TableMetadata] = [:]) {
        self.name = name
        self.replication = replication
        self.durableWrites = durableWrites
        self.tables = tables
    }
}
