import CQLProtocol
import NIOCore
import NIOPosix

/// One connection to a CQL server (native protocol v4), shared by many
/// concurrent requests.
///
/// Each request gets a free stream id and is written at once; the server
/// answers in any order and each answer goes to the request of its stream.
/// At most `Configuration.maxConcurrentRequests` are in flight; more wait
/// for a free stream. A request that times out gives up its answer, but its
/// stream id stays taken until the late answer arrives (it cannot be reused
/// before). Connecting sends OPTIONS and STARTUP.
public actor CQLConnection {
    /// How a connection connects, limits and times out.
    public struct Configuration: Sendable {
        /// How long connecting and the STARTUP handshake may take.
        public var connectTimeout: Duration = .seconds(10)
        /// How long a request may wait for its answer.
        public var requestTimeout: Duration = .seconds(30)
        /// The largest response body accepted; a larger one closes the connection.
        public var maxFrameBytes: Int = FrameDecoder.defaultMaxFrameBytes
        /// How many requests may wait for answers at once (at most 32768).
        public var maxConcurrentRequests: Int = 1024
        /// The keyspace to USE once connected, if any.
        public var keyspace: String?

        /// The defaults above.
        public init() {}
    }

    /// A request written and waiting for its answer.
    private struct Pending {
        /// Nil once the caller gave up (timed out or cancelled): the answer is dropped.
        var continuation: CheckedContinuation<ResponseMessage, any Error>?
        var timer: Task<Void, Never>?
    }

    /// `host:port` of the server.
    public nonisolated let address: String
    /// What the server's SUPPORTED answered to OPTIONS.
    public private(set) var supported: [String: [String]] = [:]
    /// Events the server pushes after `register(_:)`.
    public nonisolated let events: AsyncStream<EventMessage>
    private let eventSink: AsyncStream<EventMessage>.Continuation
    let configuration: Configuration
    private let channel: NIOAsyncChannel<Frame, ByteBuffer>
    private let outgoing: AsyncStream<ByteBuffer>.Continuation
    private var pending: [Int16: Pending] = [:]
    private var nextStream: Int16 = 0
    private var waitingForStream: [CheckedContinuation<Void, Never>] = []
    /// Why the connection is closed; nil while it is open.
    private var closedBecause: CQLClientError?

    private init(address: String, configuration: Configuration, channel: NIOAsyncChannel<Frame, ByteBuffer>,
                 outgoing: AsyncStream<ByteBuffer>.Continuation) {
        self.address = address
        self.configuration = configuration
        self.channel = channel
        self.outgoing = outgoing
        (events, eventSink) = AsyncStream.makeStream(of: EventMessage.self, bufferingPolicy: .bufferingNewest(1_000))
    }

    /// Connects to `host:port`, sends OPTIONS and STARTUP (CQL 3.0.0, no
    /// compression), and USEs `configuration.keyspace` if set.
    public static func connect(host: String, port: Int = 9042, configuration: Configuration = Configuration(),
                               eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        async throws -> CQLConnection {
        let address = "\(host):\(port)"
        let maxFrameBytes = configuration.maxFrameBytes
        let channel: NIOAsyncChannel<Frame, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(.nanoseconds(Int64(configuration.connectTimeout.nanoseconds)))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(maxFrameBytes: maxFrameBytes)))
                        return try NIOAsyncChannel<Frame, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw CQLClientError.connectionClosed(reason: "could not connect to \(address): \(error)")
        }
        let (frames, outgoing) = AsyncStream.makeStream(of: ByteBuffer.self)
        let connection = CQLConnection(address: address, configuration: configuration, channel: channel, outgoing: outgoing)
        Task { await connection.pump(channel, frames: frames) }
        do {
            try await connection.handshake()
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Sends `request` and returns the server's answer; an ERROR answer is
    /// thrown as its `CQLError`.
    public func send(_ request: RequestMessage) async throws -> ResponseMessage {
        try await send(request, timeout: configuration.requestTimeout)
    }

    /// Whether the connection has closed (by `close()`, the server, or an error).
    public var isClosed: Bool { closedBecause != nil }

    /// Closes the connection; requests still waiting fail with `connectionClosed`.
    public func close() {
        fail(.connectionClosed(reason: "closed by the client"))
    }

    // MARK: Internals

    private func handshake() async throws {
        guard case .supported(let options) = try await send(.options, timeout: configuration.connectTimeout) else {
            throw CQLClientError.unexpectedResponse("OPTIONS was not answered with SUPPORTED")
        }
        supported = options
        guard case .ready = try await send(.startup(["CQL_VERSION": "3.0.0"]), timeout: configuration.connectTimeout) else {
            throw CQLClientError.unexpectedResponse("STARTUP was not answered with READY")
        }
        if let keyspace = configuration.keyspace { try await use(keyspace) }
    }

    /// Sends `request` and returns the answer, or fails with `timedOut` once `timeout` has passed.
    func send(_ request: RequestMessage, timeout: Duration) async throws -> ResponseMessage {
        let stream = try await takeStream()
        let frame = Frame.encode(request, stream: stream)
        let response = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    await self?.giveUp(stream, CQLClientError.timedOut(after: timeout))
                }
                pending[stream] = Pending(continuation: continuation, timer: timer)
                outgoing.yield(frame)
            }
        } onCancel: {
            Task { await self.giveUp(stream, CancellationError()) }
        }
        if case .error(let error) = response { throw error }
        return response
    }

    /// A free stream id, waiting while `maxConcurrentRequests` are taken.
    private func takeStream() async throws -> Int16 {
        let limit = min(max(configuration.maxConcurrentRequests, 1), 32_768)
        while pending.count >= limit, closedBecause == nil {
            await withCheckedContinuation { waitingForStream.append($0) }
        }
        if let closedBecause { throw closedBecause }
        while pending[nextStream] != nil { nextStream = nextStream == Int16(limit - 1) ? 0 : nextStream + 1 }
        let stream = nextStream
        nextStream = nextStream == Int16(limit - 1) ? 0 : nextStream + 1
        pending[stream] = Pending(continuation: nil, timer: nil)  // taken; `send` fills it in
        return stream
    }

    /// Runs for the connection's life: writes queued frames, delivers each
    /// answer, and fails what is left when either side ends.
    private nonisolated func pump(_ channel: NIOAsyncChannel<Frame, ByteBuffer>, frames: AsyncStream<ByteBuffer>) async {
        var reason = "closed by the server"
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await withThrowingDiscardingTaskGroup { writing in
                    writing.addTask { for await frame in frames { try await outbound.write(frame) } }
                    for try await frame in inbound { await self.deliver(frame) }
                    writing.cancelAll()
                }
            }
        } catch {
            reason = "\(error)"
        }
        await fail(.connectionClosed(reason: reason))
    }

    private func deliver(_ frame: Frame) {
        let message: ResponseMessage
        do {
            guard frame.header.version == FrameHeader.responseVersion else {
                throw CQLWireError("frame version", "0x\(String(frame.header.version, radix: 16)) (expected 0x84)")
            }
            message = try frame.responseMessage()
        } catch {
            return fail(.connectionClosed(reason: "\(address) sent a malformed frame: \(error)"))
        }
        if case .event(let event) = message, frame.header.stream < 0 {
            eventSink.yield(event)
            return
        }
        guard let request = pending.removeValue(forKey: frame.header.stream) else {
            return fail(.connectionClosed(reason: "\(address) answered stream \(frame.header.stream), which no request waits for"))
        }
        request.timer?.cancel()
        request.continuation?.resume(returning: message)
        if !waitingForStream.isEmpty { waitingForStream.removeFirst().resume() }
    }

    /// The request of `stream` stops waiting; its stream id stays taken
    /// until the answer comes (a later request must not get it).
    private func giveUp(_ stream: Int16, _ error: any Error) {
        pending[stream]?.timer?.cancel()
        pending[stream]?.continuation?.resume(throwing: error)
        pending[stream]?.continuation = nil
    }

    /// Marks the connection closed, fails every waiting request and closes the channel.
    private func fail(_ error: CQLClientError) {
        if closedBecause == nil { closedBecause = error }
        let waiting = pending
        pending = [:]
        for request in waiting.values {
            request.timer?.cancel()
            request.continuation?.resume(throwing: error)
        }
        waitingForStream.forEach { $0.resume() }
        waitingForStream = []
        outgoing.finish()
        eventSink.finish()
        channel.channel.close(promise: nil)
    }
}

extension Duration {
    /// The span in whole nanoseconds.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
