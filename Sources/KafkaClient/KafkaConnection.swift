import KafkaProtocol
import NIOCore
import NIOPosix

/// One TCP connection to one broker.
///
/// Requests are pipelined: each is framed (int32 size, request header,
/// body) and written at once, without waiting for earlier answers. Kafka
/// answers a connection's requests in the order they came, so responses are
/// matched to the oldest waiting request, and its correlation id is checked.
///
/// The connection starts with ApiVersions (v3, falling back to an older
/// version when the broker answers UNSUPPORTED_VERSION) and from then on
/// sends each API in min(broker max, our max) (`ApiVersionTable`).
///
/// A request that gets no answer within its timeout closes the connection
/// (its place in the pipeline cannot be given up), failing every request
/// still waiting; a cancelled request only gives up its own answer.
public actor KafkaConnection {
    /// How a connection connects, frames and times out.
    public struct Configuration: Sendable {
        /// Sent in every request header; brokers log it.
        public var clientID: String = "box-kafka-client"
        /// How long connecting may take.
        public var connectTimeout: Duration = .seconds(10)
        /// How long a request may wait for its answer (a Fetch adds its own `maxWaitMs`).
        public var requestTimeout: Duration = .seconds(30)
        /// The largest response frame accepted; a larger one closes the connection.
        public var maxResponseBytes: Int = 128 << 20

        /// The defaults above.
        public init() {}
    }

    /// A request written and waiting for its response.
    private struct Pending {
        let correlationID: Int32
        let api: ApiKey
        /// Nil once the caller gave up (cancelled): the answer is dropped.
        var continuation: CheckedContinuation<ByteBuffer, any Error>?
        let timer: Task<Void, Never>
    }

    /// The broker this connection talks to.
    public nonisolated let address: BrokerAddress
    /// The version negotiated for each API.
    public private(set) var versions = ApiVersionTable(broker: [])
    private let configuration: Configuration
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private let outgoing: AsyncStream<ByteBuffer>.Continuation
    private var pending: [Pending] = []
    private var nextCorrelationID: Int32 = 0
    /// Why the connection is closed; nil while it is open.
    private var closedBecause: KafkaClientError?

    private init(address: BrokerAddress, configuration: Configuration, channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>,
                 outgoing: AsyncStream<ByteBuffer>.Continuation) {
        self.address = address
        self.configuration = configuration
        self.channel = channel
        self.outgoing = outgoing
    }

    /// Connects to `address` and negotiates API versions.
    public static func connect(to address: BrokerAddress, configuration: Configuration = Configuration(),
                               eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        async throws -> KafkaConnection {
        let maxFrameBytes = configuration.maxResponseBytes
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(TimeAmount(configuration.connectTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(KafkaFrameReader.responses(maxFrameBytes: maxFrameBytes))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw KafkaClientError.connectionClosed(address, reason: "could not connect: \(error)")
        }
        let (frames, outgoing) = AsyncStream.makeStream(of: ByteBuffer.self)
        let connection = KafkaConnection(address: address, configuration: configuration, channel: channel, outgoing: outgoing)
        Task { await connection.pump(channel, frames: frames) }
        do {
            try await connection.negotiateVersions()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Sends `request` in the negotiated version and waits for its response.
    /// `extraTimeout` extends the request timeout (a long-polling Fetch's wait).
    /// `written` runs once the request has its place in the connection's
    /// order, before the answer comes (a producer sends its next batch then).
    public func send<Request: KafkaRequest>(_ request: Request, extraTimeout: Duration = .zero,
                                            written: (@Sendable () -> Void)? = nil) async throws -> Request.Response {
        let version = try version(of: Request.apiKey)
        var body = try await roundTrip(Request.apiKey, version: version, timeout: configuration.requestTimeout + extraTimeout,
                                       written: written) {
            request.write(to: &$0, version: version)
        }
        return try decode(Request.Response.self, from: &body, api: Request.apiKey, version: version)
    }

    /// Sends `request` and expects no response: a Produce with acks = 0.
    /// Returns once the request is queued for writing.
    public func sendWithoutResponse<Request: KafkaRequest>(_ request: Request) throws {
        let version = try version(of: Request.apiKey)
        _ = try frame(Request.apiKey, version: version) { request.write(to: &$0, version: version) }
    }

    /// Whether the connection has closed (by `close()`, the broker, or an error).
    public var isClosed: Bool { closedBecause != nil }

    /// Closes the connection; requests still waiting fail with `KafkaClientError.closed`.
    public func close() {
        fail(.closed)
    }

    // MARK: Internals

    private func version(of api: ApiKey) throws -> Int16 {
        if let closedBecause { throw closedBecause }
        guard let version = versions[api] else { throw KafkaClientError.unsupportedApi(api, address) }
        return version
    }

    /// Writes a request frame with the next correlation id; returns that id.
    private func frame(_ api: ApiKey, version: Int16, _ writeBody: (inout ByteBuffer) -> Void) throws -> Int32 {
        if let closedBecause { throw closedBecause }
        let correlationID = nextCorrelationID
        nextCorrelationID = nextCorrelationID == .max ? 0 : nextCorrelationID + 1
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(0))
        RequestHeader(apiKey: api.rawValue, apiVersion: version, correlationID: correlationID,
                      clientID: configuration.clientID).write(to: &buffer)
        writeBody(&buffer)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex)
        outgoing.yield(buffer)
        return correlationID
    }

    /// Writes one request and waits for its response body (after the correlation id).
    private func roundTrip(_ api: ApiKey, version: Int16, timeout: Duration, written: (@Sendable () -> Void)? = nil,
                           _ writeBody: (inout ByteBuffer) -> Void) async throws -> ByteBuffer {
        let correlationID = try frame(api, version: version, writeBody)
        written?()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    await self?.timedOut(correlationID)
                }
                pending.append(Pending(correlationID: correlationID, api: api, continuation: continuation, timer: timer))
            }
        } onCancel: {
            Task { await self.abandon(correlationID) }
        }
    }

    private func decode<Message: KafkaMessageCodable>(_: Message.Type, from body: inout ByteBuffer, api: ApiKey,
                                                      version: Int16) throws -> Message {
        do {
            return try Message.read(from: &body, version: version)
        } catch {
            throw KafkaClientError.protocolViolation("\(api) v\(version) response from \(address): \(error)")
        }
    }

    /// ApiVersions v3; on UNSUPPORTED_VERSION (the body is then v0) again
    /// with the highest version the broker says it serves, down to v0.
    private func negotiateVersions() async throws {
        var version = ApiKey.apiVersions.supportedVersions.upperBound
        while true {
            let request = ApiVersions.Request(clientSoftwareName: "box-kafka-client", clientSoftwareVersion: "1.0")
            // Part of connecting: it gets the connect timeout when that is longer.
            let timeout = max(configuration.requestTimeout, configuration.connectTimeout)
            var body = try await roundTrip(.apiVersions, version: version, timeout: timeout) {
                request.write(to: &$0, version: version)
            }
            let errorCode = body.getInteger(at: body.readerIndex, as: Int16.self).map(ErrorCode.init(rawValue:))
            if errorCode == .unsupportedVersion, version > 0 {
                let offered = (try? ApiVersions.Response.read(from: &body, version: 0))?.apiKeys
                    .first { $0.apiKey == ApiKey.apiVersions.rawValue }?.maxVersion ?? 0
                version = max(0, min(offered, version - 1))
                continue
            }
            let response = try ApiVersions.Response.read(from: &body, version: version)
            guard response.errorCode == .none else {
                throw KafkaClientError.broker(response.errorCode, context: "ApiVersions v\(version) to \(address)")
            }
            versions = ApiVersionTable(broker: response.apiKeys)
            return
        }
    }

    /// Runs for the connection's life: writes queued frames, hands each
    /// response frame to `deliver`, and fails what is left when either side ends.
    private nonisolated func pump(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, frames: AsyncStream<ByteBuffer>) async {
        var reason = "closed by the broker"
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await frame in frames { try await outbound.write(frame) }
                    }
                    group.addTask {
                        for try await frame in inbound { await self.deliver(frame) }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            reason = "\(error)"
        }
        await fail(.connectionClosed(address, reason: reason))
    }

    private func deliver(_ frame: ByteBuffer) {
        var body = frame
        guard let correlationID = body.readInteger(as: Int32.self), !pending.isEmpty else {
            return fail(.protocolViolation("a response from \(address) that no request waits for"))
        }
        let head = pending.removeFirst()
        guard head.correlationID == correlationID else {
            return fail(.protocolViolation("\(address) answered correlation id \(correlationID), expected \(head.correlationID)"))
        }
        head.timer.cancel()
        head.continuation?.resume(returning: body)
    }

    private func abandon(_ correlationID: Int32) {
        guard let index = pending.firstIndex(where: { $0.correlationID == correlationID }) else { return }
        pending[index].continuation?.resume(throwing: CancellationError())
        pending[index].continuation = nil
    }

    private func timedOut(_ correlationID: Int32) {
        guard let request = pending.first(where: { $0.correlationID == correlationID }) else { return }
        fail(.requestTimedOut(address, api: request.api))
    }

    /// Marks the connection closed, fails every waiting request and closes the channel.
    private func fail(_ error: KafkaClientError) {
        if closedBecause == nil { closedBecause = error }
        let waiting = pending
        pending = []
        for request in waiting {
            request.timer.cancel()
            request.continuation?.resume(throwing: error)
        }
        outgoing.finish()
        channel.channel.close(promise: nil)
    }
}

extension TimeAmount {
    /// The same span as `duration`, to the nanosecond.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
