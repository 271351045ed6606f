import CassandraStore
import CQL
import CQLClient
import CQLProtocol
import Testing

/// Statements through `CQLConnection`: results, errors, concurrency, paging.
@Suite("CQL server and client: statements")
struct StatementTests {
    @Test("connecting negotiates OPTIONS and STARTUP; a query returns rows with metadata")
    func query() async throws {
        try await withServer { server, _ in
            let client = try await connect(server)
            #expect(await client.supported["CQL_VERSION"] == ["3.4.5"])
            let rows = try await client.select("ECHO chirp")
            #expect(rows.columns == [ColumnSpec(keyspace: "test", table: "fake", name: "echo", type: .text)])
            #expect(rows.rows.map { text($0[0]) } == ["chirp"])
            await client.close()
        }
    }

    @Test("a CQLError reaches the client as itself, and the connection stays usable")
    func errors() async throws {
        try await withServer { server, _ in
            let client = try await connect(server)
            await #expect(throws: CQLError.syntaxError("line 1:0 no viable alternative at input 'BAD'")) {
                try await client.query("BAD statement")
            }
            await #expect(throws: CQLError.serverError("boom: the fake layer fell over")) { try await client.query("CRASH") }
            let broken = await #expect(throws: CQLError.self) { try await client.query("BROKEN ROW") }
            #expect(broken?.code == .serverError)
            #expect(broken?.message == "the query layer returned row 0 with 2 cells for 1 columns")
            #expect(try await client.select("ECHO after").rows.map { text($0[0]) } == ["after"])
            #expect(await !client.isClosed)
            await client.close()
        }
    }

    @Test("answers go out as they are ready: a quick one overtakes a slow one on the same connection")
    func outOfOrder() async throws {
        try await withServer { server, layer in
            let client = try await connect(server)
            let slow = Task { try await client.query("WAIT") }
            try await within(.seconds(10), "WAIT reaching the query layer") {
                while await layer.gate.waiters == 0 { await Task.yield() }
            }
            #expect(try await client.select("ECHO quick").rows.map { text($0[0]) } == ["quick"])
            await layer.gate.openGate()
            #expect(try await slow.value == .void)
            await client.close()
        }
    }

    @Test("raw: the response to stream 2 arrives before the response to stream 1")
    func outOfOrderOnTheWire() async throws {
        try await withServer { server, layer in
            let raw = try await RawConnection(port: server.port)
            defer { raw.close() }
            _ = try await raw.roundTrip(.startup(["CQL_VERSION": "3.0.0"]))
            try await raw.write(Frame.encode(RequestMessage.query("WAIT", QueryParameters()), stream: 1))
            try await raw.write(Frame.encode(RequestMessage.query("ECHO x", QueryParameters()), stream: 2))
            #expect(try await raw.next()?.header.stream == 2)
            await layer.gate.openGate()
            let last = try #require(try await raw.next())
            #expect(last.header.stream == 1)
            #expect(try last.responseMessage() == .result(.void))
        }
    }

    @Test("many concurrent requests on one connection, above the server's in-flight bound, all get their own answer")
    func concurrent() async throws {
        try await withServer(maxInFlightPerConnection: 8) { server, _ in
            let client = try await connect(server)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<300 {
                    group.addTask {
                        let rows = try await client.select("ECHO n\(i)")
                        #expect(rows.rows.map { text($0[0]) } == ["n\(i)"])
                    }
                }
                try await group.waitForAll()
            }
            await client.close()
        }
    }

    @Test("paging: each page carries a paging state until the last; selectAll follows it")
    func paging() async throws {
        try await withServer { server, layer in
            let client = try await connect(server)
            let first = try await client.select("SELECT n FROM numbers", pageSize: 4)
            #expect(first.rows.map { decodeInt($0[0]!) } == [0, 1, 2, 3])
            #expect(first.pagingState != nil)
            var sizes: [Int] = []
            for try await page in client.pages("SELECT n FROM numbers", pageSize: 4) { sizes.append(page.rows.count) }
            #expect(sizes == [4, 4, 2])
            let all = try await client.selectAll("SELECT n FROM numbers", pageSize: 3)
            #expect(all.rows.map { Int(decodeInt($0[0]!)) } == Array(0..<layer.numbers))
            #expect(all.columns.map(\.name) == ["n"])
            await client.close()
        }
    }

    @Test("PREPARE then EXECUTE; an unknown id is Unprepared with the id")
    func prepared() async throws {
        try await withServer { server, _ in
            let client = try await connect(server)
            let statement = try await client.prepare("INSERT INTO t (v) VALUES (?)")
            #expect(statement.variables.map(\.name) == ["v"])
            #expect(statement.partitionKeyIndexes == [0])
            guard case .rows(let rows) = try await client.execute(statement.id, values: [.value(int(7))]) else {
                Issue.record("EXECUTE did not return rows")
                return
            }
            #expect(rows.rows.map { decodeInt($0[0]!) } == [1])
            let unknown = await #expect(throws: CQLError.self) { try await client.execute([1, 2, 3]) }
            #expect(unknown?.code == .unprepared)
            #expect(unknown?.details == .unprepared(id: [1, 2, 3]))
            await client.close()
        }
    }

    @Test("BATCH, USE and the session's keyspace")
    func batchAndUse() async throws {
        try await withServer { server, _ in
            let client = try await connect(server)
            let batch = BatchMessage(statements: [.init(.text("INSERT 1")), .init(.prepared(id: [1]), values: [.null])])
            #expect(try await client.batch(batch) == .void)
            await #expect(throws: CQLError.invalid("empty batch")) { try await client.batch(BatchMessage(statements: [])) }
            #expect(try await client.select("KEYSPACE").rows == [[nil]])
            try await client.use("chirp")
            #expect(try await client.select("KEYSPACE").rows.map { text($0[0]) } == ["chirp"])
            let other = try await connect(server)
            #expect(try await other.select("KEYSPACE").rows == [[nil]])  // per connection
            await other.close()
            await client.close()
        }
    }

    @Test("a registered connection receives broadcast SCHEMA_CHANGE events; others do not")
    func events() async throws {
        try await withServer { server, _ in
            let listener = try await connect(server)
            let bystander = try await connect(server)
            try await listener.register([.schemaChange])
            try await bystander.register([.statusChange])
            let change = SchemaChange(.created, .table, keyspace: "chirp", name: "likes")
            #expect(server.broadcast(event: .schemaChange(change)) == 1)
            let events = listener.events
            let received = try await within(.seconds(10), "the event") {
                var iterator = events.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(received == .schemaChange(change))
            await listener.close()
            await bystander.close()
        }
    }
}

/// How the client behaves when answers are late or the server goes away.
@Suite("CQL client: timeouts and closing")
struct ClientLifecycleTests {
    @Test("a request that times out fails alone; its late answer is dropped and the connection keeps working")
    func timeout() async throws {
        try await withServer { server, layer in
            // Only the request that waits has a short timeout: the ones after it must not fail on a busy machine.
            let client = try await CQLConnection.connect(host: "127.0.0.1", port: server.port)
            await #expect(throws: CQLClientError.timedOut(after: .milliseconds(200))) { try await client.query("WAIT", timeout: .milliseconds(200)) }
            await layer.gate.openGate()  // the late answer arrives on the still-reserved stream
            #expect(try await client.select("ECHO later").rows.map { text($0[0]) } == ["later"])
            #expect(await !client.isClosed)
            await client.close()
        }
    }

    @Test("shutting the server down closes its connections; the client then fails fast")
    func serverShutdown() async throws {
        let server = try await CQLServer(host: "127.0.0.1", port: 0, handler: FakeQueryLayer())
        let serving = Task { try await server.run() }
        let client = try await connect(server)
        #expect(try await client.select("ECHO up").rows.count == 1)
        try await within(.seconds(10), "the server shutting down") { try await server.shutdown() }
        _ = await serving.result
        let error = await #expect(throws: CQLClientError.self) { try await client.query("ECHO down") }
        guard case .connectionClosed = error else {
            Issue.record("expected connectionClosed, got \(String(describing: error))")
            return
        }
    }

    @Test("connecting to a port where nothing listens fails with connectionClosed")
    func refused() async throws {
        let server = try await CQLServer(host: "127.0.0.1", port: 0, handler: FakeQueryLayer())
        let port = server.port
        try await server.shutdown()
        await #expect(throws: CQLClientError.self) { _ = try await CQLConnection.connect(host: "127.0.0.1", port: port) }
    }
}
