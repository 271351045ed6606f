import CQLProtocol
import Logging
import NIOCore

/// One client connection of a `CQLServer`: the protocol's connection-level
/// messages (OPTIONS, STARTUP, REGISTER, version probes) answered in order
/// as they come, and QUERY, PREPARE, EXECUTE and BATCH handed to the query
/// layer, several at once. Responses go out as each is ready (they carry
/// their request's stream id), so they may overtake one another.
struct ServerConnection {
    /// What SUPPORTED answers to OPTIONS.
    static let supportedOptions = ["CQL_VERSION": ["3.4.5"], "COMPRESSION": [], "PROTOCOL_VERSIONS": ["4/v4"]]

    let id: Int
    let handler: any QueryHandling
    let subscribers: EventSubscribers
    /// How many requests may run at once; the next waits (and so does reading).
    let maxInFlight: Int
    let logger: Logger

    /// What to do with one frame, decided in arrival order.
    private enum Step {
        /// Answer at once with this message.
        case respond(ResponseMessage)
        /// Answer when the query layer is done.
        case dispatch(@Sendable () async -> ResponseMessage)
        /// Answer with this protocol error, then close the connection.
        case fail(CQLError)
    }

    /// Serves `channel` until the client closes it, a frame is malformed, or
    /// the task is cancelled.
    func serve(_ channel: NIOAsyncChannel<Frame, ByteBuffer>) async {
        let remote = channel.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
        let session = CQLSession(remoteAddress: remote)
        defer { subscribers.remove(id) }
        do {
            try await channel.executeThenClose { inbound, outbound in
                let (frames, responder) = AsyncStream.makeStream(of: ByteBuffer.self)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {  // the writer: every response and event of this connection
                        for await frame in frames { try await outbound.write(frame) }
                    }
                    await read(inbound, session: session, responder: responder)
                    responder.finish()
                    try await group.waitForAll()
                }
            }
        } catch {
            logger.debug("connection from \(remote) ended: \(error)")
        }
    }

    /// Reads frames until the end, a malformed one or cancellation, and
    /// queues each answer on `responder`; returns when every request is answered.
    private func read(_ inbound: NIOAsyncChannelInboundStream<Frame>, session: CQLSession,
                      responder: AsyncStream<ByteBuffer>.Continuation) async {
        await withTaskGroup(of: Void.self) { requests in
            var running = 0
            var started = false
            do {
                reading: for try await frame in inbound {
                    let stream = frame.header.stream
                    switch step(for: frame, started: &started, session: session, responder: responder) {
                    case .respond(let message):
                        responder.yield(Frame.encode(message, stream: stream))
                    case .dispatch(let work):
                        if running >= maxInFlight {
                            await requests.next()
                            running -= 1
                        }
                        running += 1
                        requests.addTask { responder.yield(Frame.encode(await work(), stream: stream)) }
                    case .fail(let error):
                        logger.info("closing connection from \(session.remoteAddress): \(error.message)")
                        responder.yield(Frame.encode(.error(error), stream: stream))
                        break reading
                    }
                }
            } catch let error as CQLWireError {
                logger.info("closing connection from \(session.remoteAddress): \(error)")
                responder.yield(Frame.encode(.error(.protocolError("\(error)")), stream: error.stream ?? 0))
            } catch {
                logger.debug("connection from \(session.remoteAddress): \(error)")
            }
            await requests.waitForAll()
        }
    }

    /// Decides what one frame gets: connection-level messages are answered
    /// here, in order; statements go to the query layer.
    private func step(for frame: Frame, started: inout Bool, session: CQLSession,
                      responder: AsyncStream<ByteBuffer>.Continuation) -> Step {
        let header = frame.header
        guard header.version == FrameHeader.requestVersion else {
            if header.isResponse {
                return .respond(.error(.protocolError("Expected a request frame (version byte 0x04), got a response frame "
                        + "(0x\(String(header.version, radix: 16)))")))
            }
            // A driver probing a newer version: say which one we speak, keep the connection.
            return .respond(.error(.protocolError("Invalid or unsupported protocol version (\(header.protocolVersion)); "
                    + "the lowest supported version is 4 and the greatest is 4")))
        }
        let message: RequestMessage
        do {
            message = try frame.requestMessage()
        } catch {
            return .fail(.protocolError("\(error)"))
        }
        if !started, message.needsStartup {
            return .respond(.error(.protocolError("Unexpected message \(header.opcode), expecting STARTUP or OPTIONS")))
        }
        let handler = self.handler
        switch message {
        case .options:
            return .respond(.supported(Self.supportedOptions))
        case .startup(let options):
            guard options["CQL_VERSION"] != nil else {
                return .respond(.error(.protocolError("Missing value CQL_VERSION in STARTUP message")))
            }
            if let compression = options["COMPRESSION"], !compression.isEmpty {
                return .respond(.error(.protocolError("Unknown compression algorithm: \(compression) (none is supported)")))
            }
            started = true
            return .respond(.ready)
        case .authResponse:
            return .respond(.error(.protocolError("Unexpected AUTH_RESPONSE: this server does not ask for authentication")))
        case .register(let types):
            subscribers.register(id, types: types, frames: responder)
            return .respond(.ready)
        case .query(let cql, let parameters):
            return .dispatch { await Self.answer(session) { try await handler.query(cql, parameters: parameters, session: session) } }
        case .prepare(let cql):
            return .dispatch { await Self.answer(session) { try await handler.prepare(cql, session: session) } }
        case .execute(let id, let parameters):
            return .dispatch { await Self.answer(session) { try await handler.execute(id: id, parameters: parameters, session: session) } }
        case .batch(let batch):
            return .dispatch { await Self.answer(session) { try await handler.batch(batch, session: session) } }
        }
    }

    /// Runs one request of the query layer and turns its outcome into a
    /// response: a RESULT, or an ERROR for what it threw.
    private static func answer(_ session: CQLSession, _ run: () async throws -> ResultMessage) async -> ResponseMessage {
        do {
            let result = try await run()
            if let problem = result.shapeProblem { return .error(.serverError("the query layer returned \(problem)")) }
            if case .setKeyspace(let keyspace) = result { session.keyspace = keyspace }
            return .result(result)
        } catch let error as CQLError {
            return .error(error)
        } catch {
            return .error(.serverError(String(describing: error)))
        }
    }
}

extension RequestMessage {
    /// Whether the connection must have been started (STARTUP) first.
    var needsStartup: Bool {
        switch self {
        case .options, .startup, .authResponse: false
        default: true
        }
    }
}

extension ResultMessage {
    /// Why this result cannot be encoded, if it cannot: a row whose cell
    /// count differs from the column count.
    var shapeProblem: String? {
        guard case .rows(let rows) = self else { return nil }
        guard let row = rows.rows.firstIndex(where: { $0.count != rows.metadata.columnCount }) else { return nil }
        return "row \(row) with \(rows.rows[row].count) cells for \(rows.metadata.columnCount) columns"
    }
}
