import CassandraStore
import CQL
import CQLClient
import CQLProtocol
import NIOCore
import Testing

/// The connection-level protocol, driven with hand-made frames: what a
/// driver sees before its first query.
@Suite("CQL server: handshake and framing")
struct ConnectionTests {
    @Test("OPTIONS is answered with SUPPORTED: CQL 3.4.5, no compression, protocol v4")
    func options() async throws {
        try await withServer { server, _ in
            let raw = try await RawConnection(port: server.port)
            defer { raw.close() }
            let answer = try await raw.roundTrip(.options, stream: 5)
            #expect(answer.header.version == 0x84)
            #expect(answer.header.stream == 5)
            #expect(try answer.responseMessage()
                == .supported(["CQL_VERSION": ["3.4.5"], "COMPRESSION": [], "PROTOCOL_VERSIONS": ["4/v4"]]))
        }
    }

    @Test("a v5, v6 or DSE probe gets a protocol error in a v4 frame, and the connection still answers v4",
          arguments: [UInt8(0x05), 0x06, 0x41, 0x42])
    func versionProbe(_ version: UInt8) async throws {
        try await withServer { server, _ in
            let raw = try await RawConnection(port: server.port)
            defer { raw.close() }
            try await raw.write(Frame.encode(version: version, flags: [], stream: 9, opcode: .options) { _ in })
            let answer = try #require(try await raw.next("the answer to the probe"))
            #expect(answer.header.version == 0x84)
            #expect(answer.header.stream == 9)
            guard case .error(let error) = try answer.responseMessage() else {
                Issue.record("expected an ERROR")
                return
            }
            #expect(error.code == .protocolError)
            #expect(error.message == "Invalid or unsupported protocol version (\(version)); "
                + "the lowest supported version is 4 and the greatest is 4")
            #expect(error.message.lowercased().contains("unsupported protocol version"))
            #expect(try await raw.roundTrip(.options, stream: 10).responseMessage().opcode == .supported)
        }
    }

    @Test("STARTUP is answered with READY; statements before it and unknown compression are protocol errors")
    func startup() async throws {
        try await withServer { server, _ in
            let raw = try await RawConnection(port: server.port)
            defer { raw.close() }
            let early = try await raw.roundTrip(.query("ECHO hi", QueryParameters()), stream: 1).responseMessage()
            #expect(early == .error(.protocolError("Unexpected message QUERY, expecting STARTUP or OPTIONS")))
            let lz4 = try await raw.roundTrip(.startup(["CQL_VERSION": "3.0.0", "COMPRESSION": "lz4"]), stream: 2)
            guard case .error(let error) = try lz4.responseMessage() else {
                Issue.record("STARTUP with lz4 was accepted")
                return
            }
            #expect(error.code == .protocolError)
            #expect(error.message.contains("lz4"))
            #expect(try await raw.roundTrip(.startup(["CQL_VERSION": "3.0.0"]), stream: 3).responseMessage() == .ready)
            #expect(try await raw.roundTrip(.register([.schemaChange]), stream: 4).responseMessage() == .ready)
            let echo = try await raw.roundTrip(.query("ECHO hi", QueryParameters()), stream: 5)
            #expect(echo.header.stream == 5)
            guard case .result(.rows(let rows)) = try echo.responseMessage() else {
                Issue.record("ECHO did not return rows")
                return
            }
            #expect(rows.rows.map { text($0[0]) } == ["hi"])
        }
    }

    @Test("a malformed frame gets a protocol error and closes that connection only",
          arguments: [
            ("bad length", hex("04 00 0007 05 FFFFFFF0")),
            ("oversized", hex("04 00 0007 07 7FFFFFFF")),
            ("unparsable body", hex("04 00 0007 07 00000006 00000010 4142")),
            ("unknown opcode", hex("04 00 0007 42 00000000")),
          ])
    func malformed(_ name: String, _ bytes: [UInt8]) async throws {
        try await withServer { server, _ in
            let client = try await connect(server)
            let raw = try await RawConnection(port: server.port)
            defer { raw.close() }
            #expect(try await raw.roundTrip(.startup(["CQL_VERSION": "3.0.0"])).responseMessage() == .ready)
            try await raw.write(ByteBuffer(bytes: bytes))
            let answer = try #require(try await raw.next("the protocol error"), "\(name): closed without an answer")
            #expect(answer.header.stream == 7)
            guard case .error(let error) = try answer.responseMessage() else {
                Issue.record("\(name): expected an ERROR")
                return
            }
            #expect(error.code == .protocolError)
            #expect(error.message.hasPrefix("malformed"), "\(name): \(error.message)")
            #expect(try await raw.next("the close") == nil, "\(name): the connection stayed open")
            let rows = try await client.select("ECHO still-here")
            #expect(rows.rows.map { text($0[0]) } == ["still-here"])
            await client.close()
        }
    }

    @Test("a response frame sent to the server is a protocol error; the connection stays")
    func responseDirection() async throws {
        try await withServer { server, _ in
            let raw = try await RawConnection(port: server.port)
            defer { raw.close() }
            try await raw.write(Frame.encode(ResponseMessage.ready, stream: 3))
            let answer = try #require(try await raw.next())
            guard case .error(let error) = try answer.responseMessage() else {
                Issue.record("expected an ERROR")
                return
            }
            #expect(error.code == .protocolError)
            #expect(try await raw.roundTrip(.options).responseMessage().opcode == .supported)
        }
    }
}

/// Parses hex such as `"84 00 00 01"` (spaces ignored).
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}
