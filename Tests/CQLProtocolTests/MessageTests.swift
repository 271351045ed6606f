import CQL
import CQLProtocol
import NIOCore
import Testing

/// Every request and response message, through a whole frame and back.
@Suite("CQL messages")
struct MessageTests {
    static let chirps = [
        ColumnSpec(keyspace: "chirp", table: "chirps", name: "user", type: .text),
        ColumnSpec(keyspace: "chirp", table: "chirps", name: "id", type: .timeuuid),
        ColumnSpec(keyspace: "chirp", table: "chirps", name: "tags", type: .set(.text)),
        ColumnSpec(keyspace: "chirp", table: "chirps", name: "likes", type: .map(.text, .tuple([.int, .bigint]))),
    ]

    static let requests: [RequestMessage] = [
        .startup(["CQL_VERSION": "3.0.0", "DRIVER_NAME": "box"]),
        .options,
        .query("SELECT * FROM chirps", QueryParameters()),
        .query("INSERT INTO t (a, b, c) VALUES (?, ?, ?)",
               QueryParameters(consistency: .localOne, values: [.value([0, 0, 0, 1]), .null, .unset],
                               pageSize: 5_000, serialConsistency: .localSerial, defaultTimestamp: 1_700_000_000_000_000)),
        .query("SELECT * FROM t WHERE a = :a", QueryParameters(consistency: .quorum, values: [.value([1])], names: ["a"],
                                                                skipMetadata: true, pageSize: 2, pagingState: [9, 9])),
        .prepare("SELECT * FROM chirps WHERE user = ?"),
        .execute(id: Array(0..<16), QueryParameters(consistency: .localQuorum, values: [.value(bytes("ana"))], pageSize: 100)),
        .batch(BatchMessage(kind: .unlogged, statements: [
            .init(.text("INSERT INTO t (a) VALUES (?)"), values: [.value([1])]),
            .init(.prepared(id: [1, 2, 3]), values: [.null, .unset]),
        ], consistency: .all, serialConsistency: .serial, defaultTimestamp: 42)),
        .batch(BatchMessage(statements: [])),
        .register([.topologyChange, .statusChange, .schemaChange]),
        .authResponse([0, 1]),
        .authResponse(nil),
    ]

    @Test("requests round-trip through a frame", arguments: requests)
    func request(_ message: RequestMessage) throws {
        let decoded = try frame(Frame.encode(message, stream: 300))
        #expect(decoded.header.version == 0x04)
        #expect(decoded.header.stream == 300)
        #expect(decoded.header.opcode == message.opcode)
        #expect(try decoded.requestMessage() == message)
    }

    static let responses: [ResponseMessage] = [
        .error(.invalid("unconfigured table nope")),
        .error(.protocolError("Invalid or unsupported protocol version (5)")),
        .error(CQLError(code: .unavailable, message: "no",
                        details: .unavailable(consistency: .quorum, required: 2, alive: 1))),
        .error(CQLError(code: .writeTimeout, message: "slow",
                        details: .writeTimeout(consistency: .one, received: 0, blockFor: 1, writeType: "BATCH_LOG"))),
        .error(CQLError(code: .readTimeout, message: "slow",
                        details: .readTimeout(consistency: .one, received: 1, blockFor: 1, dataPresent: true))),
        .error(CQLError(code: .readFailure, message: "broke",
                        details: .readFailure(consistency: .two, received: 1, blockFor: 2, failures: 1, dataPresent: false))),
        .error(CQLError(code: .functionFailure, message: "fn",
                        details: .functionFailure(keyspace: "ks", function: "f", argumentTypes: ["int", "text"]))),
        .error(CQLError(code: .writeFailure, message: "broke",
                        details: .writeFailure(consistency: .all, received: 2, blockFor: 3, failures: 1, writeType: "SIMPLE"))),
        .error(.alreadyExists(keyspace: "chirp", table: "chirps")),
        .error(.alreadyExists(keyspace: "chirp")),
        .error(.unprepared(id: [0xCA, 0xFE])),
        .error(CQLError(code: .overloaded, message: "busy")),
        .ready,
        .authenticate("org.apache.cassandra.auth.PasswordAuthenticator"),
        .supported(["CQL_VERSION": ["3.4.5"], "COMPRESSION": [], "PROTOCOL_VERSIONS": ["4/v4"]]),
        .result(.void),
        .result(.rows(Rows(columns: chirps, rows: [
            [bytes("ana"), Array(repeating: 1, count: 16), hex("00000001 00000003") + bytes("art"), nil],
            [bytes("bo"), Array(repeating: 2, count: 16), nil, []],
        ]))),
        .result(.rows(Rows(columns: [ColumnSpec(keyspace: "a", table: "t", name: "x", type: .int),
                                     ColumnSpec(keyspace: "b", table: "u", name: "y", type: .list(.varint))],
                           rows: [[[0, 0, 0, 7], nil]], pagingState: [1, 2, 3]))),
        .result(.rows(Rows(metadata: RowsMetadata(noMetadataWithColumnCount: 2, pagingState: [4]), rows: [[[1], [2]]]))),
        .result(.rows(Rows(columns: [], rows: []))),
        .result(.setKeyspace("chirp")),
        .result(.prepared(PreparedResult(id: Array(0..<16), variables: Array(chirps.prefix(2)), partitionKeyIndexes: [0],
                                         resultMetadata: RowsMetadata(columns: chirps)))),
        .result(.prepared(PreparedResult(id: [7], variables: []))),
        .result(.schemaChange(SchemaChange(.created, .keyspace, keyspace: "chirp"))),
        .result(.schemaChange(SchemaChange(.updated, .table, keyspace: "chirp", name: "chirps"))),
        .result(.schemaChange(SchemaChange(.dropped, .function, keyspace: "chirp", name: "score", argumentTypes: ["int"]))),
        .event(.schemaChange(SchemaChange(.created, .table, keyspace: "chirp", name: "likes"))),
        .event(.statusChange(.up, Inet(address: [127, 0, 0, 1], port: 9042))),
        .event(.topologyChange(.newNode, Inet(address: Array(repeating: 0, count: 15) + [1], port: 9042))),
        .authChallenge([1]),
        .authSuccess(nil),
    ]

    @Test("responses round-trip through a frame", arguments: responses)
    func response(_ message: ResponseMessage) throws {
        let decoded = try frame(Frame.encode(message, stream: message.opcode == .event ? -1 : 12))
        #expect(decoded.header.version == 0x84)
        #expect(decoded.header.opcode == message.opcode)
        #expect(try decoded.responseMessage() == message)
    }

    @Test("Rows of one table use Global_tables_spec; a protocol error body is code and [string]")
    func knownBodies() {
        var rows = ByteBuffer()
        ResultMessage.rows(Rows(columns: [ColumnSpec(keyspace: "k", table: "t", name: "v", type: .int)],
                                rows: [[[0, 0, 0, 5]]])).write(to: &rows)
        #expect(contents(rows) == hex("00000002 00000001 00000001 0001 6B 0001 74 0001 76 0009 00000001 00000004 00000005"))
        var error = ByteBuffer()
        CQLError.protocolError("bad").write(to: &error)
        #expect(contents(error) == hex("0000000A 0003 626164"))
        var void = ByteBuffer()
        ResultMessage.void.write(to: &void)
        #expect(contents(void) == hex("00000001"))
    }

    @Test("codes that carry details get placeholders when thrown without them")
    func placeholderDetails() throws {
        let decoded = try frame(Frame.encode(.error(CQLError(code: .unprepared, message: "gone")), stream: 0))
        #expect(try decoded.responseMessage() == .error(CQLError(code: .unprepared, message: "gone", details: .unprepared(id: []))))
    }

    @Test("malformed bodies say which message and which field")
    func malformed() throws {
        let truncatedQuery = try frame(buffer(hex("04 00 0001 07 00000006 00000010 4142")))
        #expect(throws: CQLWireError("QUERY query", "needs 16 bytes, 2 left", stream: 1)) { try truncatedQuery.requestMessage() }
        let badValue = try frame(buffer(hex("04 00 0001 07 0000000E 00000001 41 0001 01 0001 FFFFFFFA")))
        #expect(throws: CQLWireError("QUERY values[0]", "length -6 (a [value] may only be -1 for null or -2 for unset)", stream: 1)) {
            try badValue.requestMessage()
        }
        let badBatch = try frame(buffer(hex("04 00 0002 0D 00000003 07 0000")))
        #expect(throws: CQLWireError("BATCH type", "unknown batch type 7", stream: 2)) { try badBatch.requestMessage() }
        let badRegister = try frame(buffer(hex("04 00 0002 0B 00000007 0001 0003 464F4F")))
        #expect(throws: CQLWireError("REGISTER event types", "unknown event type FOO", stream: 2)) { try badRegister.requestMessage() }
        let badKind = try frame(buffer(hex("84 00 0002 08 00000004 00000009")))
        #expect(throws: CQLWireError("RESULT kind", "unknown result kind 9", stream: 2)) { try badKind.responseMessage() }
        let shortRows = try frame(buffer(hex("84 00 0002 08 00000014 00000002 00000004 00000001 00000005 00000001")))
        #expect(throws: CQLWireError("RESULT rows", "5 rows of 1 columns do not fit the 4 bytes left", stream: 2)) {
            try shortRows.responseMessage()
        }
    }
}
