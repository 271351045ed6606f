import CQL
import Contracts

/// How one table's keys become the storage engine's bytes and back: the
/// partition key (Cassandra's serialized key, composite when several
/// columns) and the clustering (byte-comparable, DESC columns inverted).
struct TableCodecs {
    let metadata: TableMetadata
    let partitionKey: PartitionKeyCodec
    let clustering: ClusteringCodec

    init(_ metadata: TableMetadata) {
        self.metadata = metadata
        partitionKey = PartitionKeyCodec(types: metadata.partitionKey.map(\.type))
        clustering = ClusteringCodec(columns: metadata.clusteringColumns.map {
            ClusteringCodec.Column($0.type, $0.descending ? .descending : .ascending)
        })
    }

    func key(_ values: [CQLValue]) throws -> PartitionKey {
        PartitionKey(try partitionKey.encode(values))
    }

    /// The bytes of a full clustering or of a prefix of it.
    func clusteringBytes(_ values: [CQLValue]) throws -> [UInt8] {
        try clustering.encode(values)
    }

    /// The partition key columns' values of `key`, each serialized.
    func keyColumns(_ key: PartitionKey) throws -> [[UInt8]] {
        let types = metadata.partitionKey.map(\.type)
        return try zip(try partitionKey.decode(key.bytes), types).map { try $0.serialized(as: $1) }
    }

    /// The clustering columns' values of a row, each serialized.
    func clusteringColumns(_ clustering: Clustering) throws -> [[UInt8]] {
        let types = metadata.clusteringColumns.map(\.type)
        return try zip(try self.clustering.decode(clustering.bytes), types).map { try $0.serialized(as: $1) }
    }
}
