import CQL
import Foundation

/// The system tables the DataStax drivers and cqlsh read: `system.local`,
/// `system.peers` and `peers_v2` (no peers: one node), and the
/// `system_schema` tables describing every keyspace, table and column,
/// system ones included (cqlsh looks every queried table up there).
public struct SystemTables: Sendable {
    /// What `system.local` says about this node.
    public final class Node: @unchecked Sendable {
        let host: String
        let hostID: UUID
        /// Set once the server has bound its port (it may have asked for port 0).
        var port: Int {
            get { lock.withLock { boundPort } }
            set { lock.withLock { boundPort = newValue } }
        }
        let clusterName = "Big Fast Data in a Box"
        /// cqlsh 6.2 warns unless the server says 5.0.0.
        let releaseVersion = "5.0.0"
        let cqlVersion = "3.4.7"
        private let lock = NSLock()
        private var boundPort: Int

        public init(host: String, port: Int, hostID: UUID) {
            self.host = host
            self.boundPort = port
            self.hostID = hostID
        }
    }

    static let systemKeyspaces = ["system", "system_schema"]

    let tables: [String: [String: VirtualTable]]

    init(node: Node, catalog: SchemaCatalog) {
        var tables: [String: [String: VirtualTable]] = [:]
        func add(_ table: VirtualTable) { tables[table.metadata.keyspace, default: [:]][table.metadata.name] = table }
        // A host name (not an address) is reported as the loopback address.
        let address = CQLValue.inet(InetAddress.parse(node.host) ?? [127, 0, 0, 1])
        add(VirtualTable(keyspace: "system", name: "local", partitionKey: [("key", .text)], regular: [
            ("bootstrapped", .text), ("broadcast_address", .inet), ("broadcast_port", .int), ("cluster_name", .text),
            ("cql_version", .text), ("data_center", .text), ("gossip_generation", .int), ("host_id", .uuid),
            ("listen_address", .inet), ("listen_port", .int), ("native_protocol_version", .text),
            ("partitioner", .text), ("rack", .text), ("release_version", .text), ("rpc_address", .inet),
            ("rpc_port", .int), ("schema_version", .uuid), ("tokens", .set(.text)),
        ]) {
            [["key": .text("local"), "bootstrapped": .text("COMPLETED"), "broadcast_address": address,
              "broadcast_port": .int(7000), "cluster_name": .text(node.clusterName), "cql_version": .text(node.cqlVersion),
              "data_center": .text("datacenter1"), "gossip_generation": .int(1), "host_id": .uuid(node.hostID),
              "listen_address": address, "listen_port": .int(7000), "native_protocol_version": .text("4"),
              "partitioner": .text("org.apache.cassandra.dht.Murmur3Partitioner"), "rack": .text("rack1"),
              "release_version": .text(node.releaseVersion), "rpc_address": address, "rpc_port": .int(Int32(node.port)),
              "schema_version": .uuid(catalog.version), "tokens": .set([.text("0")])]]
        })
        let peerColumns: [(String, CQLType)] = [
            ("data_center", .text), ("host_id", .uuid), ("preferred_ip", .inet), ("rack", .text),
            ("release_version", .text), ("rpc_address", .inet), ("schema_version", .uuid), ("tokens", .set(.text)),
        ]
        add(VirtualTable(keyspace: "system", name: "peers", partitionKey: [("peer", .inet)], regular: peerColumns) { [] })
        add(VirtualTable(keyspace: "system", name: "peers_v2", partitionKey: [("peer", .inet)], clustering: [("peer_port", .int)],
                         regular: peerColumns + [("native_address", .inet), ("native_port", .int), ("preferred_port", .int)]) { [] })

        // system_schema describes the system tables too, itself included: filled in once all are defined.
        let systemMetadata = MetadataList()
        let described: @Sendable () -> [TableMetadata] = {
            let user = catalog.all.values.flatMap { $0.tables.values }
            return (systemMetadata.tables + user)
                .sorted { ($0.keyspace, $0.name) < ($1.keyspace, $1.name) }
        }
        add(VirtualTable(keyspace: "system_schema", name: "keyspaces", partitionKey: [("keyspace_name", .text)],
                         regular: [("durable_writes", .boolean), ("replication", .frozen(.map(.text, .text)))]) {
            let local: [String: String] = ["class": "org.apache.cassandra.locator.LocalStrategy"]
            let system = Self.systemKeyspaces.map { ["keyspace_name": CQLValue.text($0), "durable_writes": .boolean(true),
                                                     "replication": Self.map(local)] }
            let user = catalog.all.values.sorted { $0.name < $1.name }.map {
                ["keyspace_name": CQLValue.text($0.name), "durable_writes": .boolean($0.durableWrites), "replication": Self.map($0.replication)]
            }
            return system + user
        })
        add(VirtualTable(keyspace: "system_schema", name: "tables", partitionKey: [("keyspace_name", .text)], clustering: [("table_name", .text)], regular: [
            ("bloom_filter_fp_chance", .double), ("caching", .frozen(.map(.text, .text))), ("comment", .text),
            ("compaction", .frozen(.map(.text, .text))), ("compression", .frozen(.map(.text, .text))),
            ("crc_check_chance", .double), ("default_time_to_live", .int), ("extensions", .frozen(.map(.text, .blob))),
            ("flags", .frozen(.set(.text))), ("gc_grace_seconds", .int), ("id", .uuid), ("max_index_interval", .int),
            ("memtable_flush_period_in_ms", .int), ("min_index_interval", .int), ("speculative_retry", .text),
        ]) {
            described().map { table in
                ["keyspace_name": .text(table.keyspace), "table_name": .text(table.name),
                 "bloom_filter_fp_chance": .double(0.01),
                 "caching": Self.map(["keys": "ALL", "rows_per_partition": "NONE"]),
                 "comment": .text(table.comment),
                 "compaction": Self.map(["class": "org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy",
                                         "max_threshold": "32", "min_threshold": "4"]),
                 "compression": Self.map([:]), "crc_check_chance": .double(1), "default_time_to_live": .int(Int32(table.defaultTimeToLive)),
                 "extensions": .map([]), "flags": .set([.text("compound")]), "gc_grace_seconds": .int(Int32(table.gcGraceSeconds)),
                 "id": .uuid(table.id), "max_index_interval": .int(2048), "memtable_flush_period_in_ms": .int(0),
                 "min_index_interval": .int(128), "speculative_retry": .text("99p")]
            }
        })
        add(VirtualTable(keyspace: "system_schema", name: "columns", partitionKey: [("keyspace_name", .text)],
                         clustering: [("table_name", .text), ("column_name", .text)], regular: [
            ("clustering_order", .text), ("column_name_bytes", .blob), ("kind", .text), ("position", .int), ("type", .text),
        ]) {
            described().flatMap { table in
                table.columns.map { column in
                    ["keyspace_name": .text(table.keyspace), "table_name": .text(table.name), "column_name": .text(column.name),
                     "clustering_order": .text(column.clusteringOrder), "column_name_bytes": .blob(Array(column.name.utf8)),
                     "kind": .text(column.kind.rawValue), "position": .int(Int32(column.position)),
                     "type": .text(column.type.description)]
                }
            }
        })
        // Present and empty: the driver reads each of them (by keyspace, and by table where they have one).
        let empties: [(String, [(String, CQLType)], [(String, CQLType)])] = [
            ("types", [("type_name", .text)], [("field_names", .frozen(.list(.text))), ("field_types", .frozen(.list(.text)))]),
            ("functions", [("function_name", .text), ("argument_types", .frozen(.list(.text)))],
             [("argument_names", .frozen(.list(.text))), ("body", .text), ("called_on_null_input", .boolean),
              ("language", .text), ("return_type", .text)]),
            ("aggregates", [("aggregate_name", .text), ("argument_types", .frozen(.list(.text)))],
             [("final_func", .text), ("initcond", .text), ("return_type", .text), ("state_func", .text), ("state_type", .text)]),
            ("triggers", [("table_name", .text), ("trigger_name", .text)], [("options", .frozen(.map(.text, .text)))]),
            ("indexes", [("table_name", .text), ("index_name", .text)], [("kind", .text), ("options", .frozen(.map(.text, .text)))]),
            ("views", [("view_name", .text)], [("base_table_id", .uuid), ("base_table_name", .text),
                                               ("include_all_columns", .boolean), ("where_clause", .text)]),
        ]
        for (name, clustering, regular) in empties {
            add(VirtualTable(keyspace: "system_schema", name: name, partitionKey: [("keyspace_name", .text)],
                             clustering: clustering, regular: regular) { [] })
        }
        systemMetadata.tables = tables.values.flatMap { $0.values.map(\.metadata) }
        self.tables = tables
    }

    /// The system tables' definitions, set once after they are all built.
    final class MetadataList: @unchecked Sendable {
        var tables: [TableMetadata] = []
    }

    func table(_ keyspace: String, _ name: String) -> VirtualTable? { tables[keyspace]?[name] }

    static func map(_ entries: [String: String]) -> CQLValue {
        .map(entries.sorted { $0.key < $1.key }.map { CQLValue.MapEntry(.text($0.key), .text($0.value)) })
    }
}
