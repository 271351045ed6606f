import CQL
import Testing

/// Every query the DataStax Python driver (cassandra-driver 3.30.1:
/// `cassandra/cluster.py`, `cassandra/metadata.py`, `cassandra/query.py`,
/// `cassandra/connection.py`) and cqlsh 6.2 (`cqlshlib/cqlshmain.py`,
/// `cqlshlib/copyutil.py`) send on their own, with their `%s` parameters
/// filled in the way the driver's `bind_params` fills them.
enum DriverQueries {
    static let all: [String] = [
        // cluster.py: ControlConnection
        "SELECT * FROM system.peers",
        "SELECT host_id, peer, data_center, rack, rpc_address, rpc_address, release_version, schema_version FROM system.peers",
        "SELECT host_id, peer, data_center, rack, rpc_address, native_transport_address, release_version, schema_version FROM system.peers",
        "SELECT * FROM system.local WHERE key='local'",
        "SELECT host_id, cluster_name, data_center, rack, partitioner, release_version, schema_version FROM system.local WHERE key='local'",
        "SELECT rpc_address FROM system.local WHERE key='local'",
        "SELECT peer, host_id, rpc_address, schema_version FROM system.peers",
        "SELECT peer, host_id, native_transport_address, schema_version FROM system.peers",
        "SELECT schema_version FROM system.local WHERE key='local'",
        "SELECT * FROM system.peers_v2",
        "SELECT host_id, peer, peer_port, data_center, rack, native_address, native_port, release_version, schema_version FROM system.peers_v2",
        "SELECT host_id, peer, peer_port, native_address, native_port, schema_version FROM system.peers_v2",
        // cluster.py / connection.py: keyspace switches
        "USE chirp",
        "USE \"chirp\"",
        "USE \"MixedCase\"",
        // metadata.py: SchemaParserV22 (Cassandra 2.2/3.0 schema tables)
        "SELECT * FROM system.schema_keyspaces",
        "SELECT * FROM system.schema_columnfamilies",
        "SELECT * FROM system.schema_columns",
        "SELECT * FROM system.schema_triggers",
        "SELECT * FROM system.schema_usertypes",
        "SELECT * FROM system.schema_functions",
        "SELECT * FROM system.schema_aggregates",
        "SELECT * FROM system.schema_columnfamilies WHERE keyspace_name = 'chirp' AND columnfamily_name = 'chirps'",
        "SELECT * FROM system.schema_keyspaces WHERE keyspace_name = 'chirp'",
        "SELECT * FROM system.schema_functions WHERE keyspace_name = 'chirp' AND function_name = 'f' AND signature = ['int', 'text']",
        // metadata.py: SchemaParserV3 / V4 / DSE
        "SELECT * FROM system_schema.keyspaces",
        "SELECT * FROM system_schema.tables",
        "SELECT * FROM system_schema.columns",
        "SELECT * FROM system_schema.indexes",
        "SELECT * FROM system_schema.triggers",
        "SELECT * FROM system_schema.types",
        "SELECT * FROM system_schema.functions",
        "SELECT * FROM system_schema.aggregates",
        "SELECT * FROM system_schema.views",
        "SELECT * FROM system_schema.vertices",
        "SELECT * FROM system_schema.edges",
        "SELECT * from system_virtual_schema.keyspaces",
        "SELECT * from system_virtual_schema.tables",
        "SELECT * from system_virtual_schema.columns",
        "SELECT * FROM system_schema.keyspaces WHERE keyspace_name = 'chirp'",
        "SELECT * FROM system_schema.tables WHERE keyspace_name = 'chirp' AND table_name = 'chirps'",
        "SELECT * FROM system_schema.columns WHERE keyspace_name = 'chirp' AND table_name = 'chirps'",
        "SELECT * FROM system_schema.indexes WHERE keyspace_name = 'chirp' AND table_name = 'chirps'",
        "SELECT * FROM system_schema.triggers WHERE keyspace_name = 'chirp' AND table_name = 'chirps'",
        "SELECT * FROM system_schema.views WHERE keyspace_name = 'chirp' AND view_name = 'v'",
        "SELECT * FROM system_schema.types WHERE keyspace_name = 'chirp' AND type_name = 'address'",
        "SELECT * FROM system_schema.types WHERE keyspace_name = 'chirp'",
        "SELECT * FROM system_schema.functions WHERE keyspace_name = 'chirp' AND function_name = 'f' AND argument_types = ['int', 'text']",
        "SELECT * FROM system_schema.aggregates WHERE keyspace_name = 'chirp' AND aggregate_name = 'a' AND argument_types = ['int']",
        // query.py: tracing
        "SELECT * FROM system_traces.sessions WHERE session_id = 5f1c8a20-28c6-11e2-81c1-0800200c9a66",
        "SELECT * FROM system_traces.events WHERE session_id = 5f1c8a20-28c6-11e2-81c1-0800200c9a66",
        // cqlsh
        "select * from system.local where key = 'local'",
        "DESCRIBE KEYSPACES",
        "DESCRIBE KEYSPACE chirp",
        "DESC KEYSPACE",
        "DESCRIBE TABLES",
        "DESCRIBE TABLE chirp.chirps",
        "DESCRIBE CLUSTER",
        "DESCRIBE FULL SCHEMA",
        "DESCRIBE SCHEMA",
        "DESCRIBE TYPES",
        "DESCRIBE FUNCTIONS",
        "DESCRIBE AGGREGATES",
        "describe chirps",
        // cqlsh COPY TO pages by token range; COPY FROM looks rows up by key
        "SELECT id, author, body FROM chirp.chirps WHERE token(id) > -9223372036854775808 AND token(id) <= 0",
        "SELECT id, author, body FROM chirp.chirps WHERE token(id) > 0",
        "SELECT id, author, body FROM chirp.chirps WHERE token(id) <= 42",
        "SELECT id, author, body FROM chirp.chirps",
        "SELECT * FROM chirp.chirps WHERE id = ?",
        "SELECT * FROM chirp.chirps WHERE a = ? AND b = ?",
        "UPDATE chirp.counts SET likes=likes+1 WHERE id=5",
        "UPDATE chirp.counts SET likes=likes+1,views=views+3 WHERE id=5 AND day='2024-03-01'",
    ]
}

@Suite("Driver and cqlsh queries") struct DriverQueriesTests {
    @Test("every query the driver and cqlsh send parses", arguments: DriverQueries.all)
    func parses(_ query: String) throws {
        _ = try CQLParser.parse(query)
    }

    @Test("the connect queries parse to what the server needs")
    func connectQueries() throws {
        guard case .select(let local) = try CQLParser.parse("SELECT * FROM system.local WHERE key='local'") else {
            Issue.record("not a SELECT"); return
        }
        #expect(local.table == TableName(keyspace: "system", "local"))
        #expect(local.selectsAll)
        #expect(local.whereClause == [Relation(.column("key"), .equal, .string("local"))])

        guard case .select(let peers) = try CQLParser.parse(
            "SELECT peer, data_center, host_id, rack, release_version, rpc_address, schema_version, tokens FROM system.peers") else {
            Issue.record("not a SELECT"); return
        }
        #expect(peers.selectors.map(\.columnName) == ["peer", "data_center", "host_id", "rack", "release_version", "rpc_address", "schema_version", "tokens"])

        #expect(try CQLParser.parse("USE \"MixedCase\"") == .use(UseStatement(keyspace: "MixedCase")))
        #expect(try CQLParser.parse("DESCRIBE TABLE chirp.chirps") == .describe(.init(target: .table(TableName(keyspace: "chirp", "chirps")))))
        #expect(try CQLParser.parse("DESCRIBE FULL SCHEMA") == .describe(.init(target: .schema, full: true)))
    }
}
