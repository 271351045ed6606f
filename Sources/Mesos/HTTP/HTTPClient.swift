import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Where a master (or any HTTP server here) listens.
public struct HTTPEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65_535).contains(port) else { return nil }
        self.init(host: String(parts[0]), port: port)
    }

    public var description: String { "\(host):\(port)" }
}

/// An HTTP response read whole.
public struct HTTPReply: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
}

/// Thrown when a connection ends before its response did.
public struct HTTPConnectionClosed: Error, CustomStringConvertible, Sendable {
    public var description: String { "the server closed the connection before answering" }
}

/// A small HTTP/1.1 client over SwiftNIO, enough for the v1 APIs: a POST
/// answered whole, and a POST whose answer is a stream (SUBSCRIBE). Each
/// request has a connection of its own (`Connection: close`).
public enum HTTPClient {
    /// POSTs `body` (JSON) to `path` and reads the whole answer.
    public static func post(_ endpoint: HTTPEndpoint, _ path: String, json body: Data,
                            headers extra: [(String, String)] = [], timeout: Duration = .seconds(10)) async throws -> HTTPReply {
        try await withTimeout(timeout) {
            var reply = HTTPReply(status: 0, headers: [:], body: Data())
            try await exchange(endpoint, method: .POST, path, body: body, headers: extra) { head in
                reply.status = Int(head.status.code)
                reply.headers = head.headers
            } onBody: { buffer in
                reply.body.append(contentsOf: buffer.readableBytesView)
            }
            return reply
        }
    }

    /// GETs `path` and reads the whole answer.
    public static func get(_ endpoint: HTTPEndpoint, _ path: String, timeout: Duration = .seconds(10)) async throws -> HTTPReply {
        try await withTimeout(timeout) {
            var reply = HTTPReply(status: 0, headers: [:], body: Data())
            try await exchange(endpoint, method: .GET, path, body: nil, headers: []) { head in
                reply.status = Int(head.status.code)
                reply.headers = head.headers
            } onBody: { buffer in
                reply.body.append(contentsOf: buffer.readableBytesView)
            }
            return reply
        }
    }

    /// POSTs `body` and hands the answer's head, then each piece of its body
    /// as it arrives, to the callbacks; returns when the server ends the
    /// answer or closes, throws when the connection fails (cancel the task to stop).
    public static func exchange(_ endpoint: HTTPEndpoint, method: HTTPMethod, _ path: String, body: Data?,
                                headers extra: [(String, String)],
                                isolation: isolated (any Actor)? = #isolation,
                                onHead: (HTTPResponseHead) async throws -> Void,
                                onBody: (ByteBuffer) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
            head.headers.add(name: "Host", value: endpoint.description)
            head.headers.add(name: "Connection", value: "close")
            if let body {
                head.headers.add(name: "Content-Type", value: "application/json")
                head.headers.add(name: "Accept", value: "application/json")
                head.headers.add(name: "Content-Length", value: String(body.count))
            }
            for (name, value) in extra { head.headers.add(name: name, value: value) }
            try await outbound.write(.head(head))
            if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            var sawHead = false
            for try await part in inbound {
                switch part {
                case .head(let response):
                    sawHead = true
                    try await onHead(response)
                case .body(let buffer):
                    try await onBody(buffer)
                case .end:
                    return
                }
            }
            if !sawHead { throw HTTPConnectionClosed() }
        }
    }

    private static func withTimeout<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HTTPTimeout(after: timeout)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}

/// Thrown when a request took longer than allowed.
public struct HTTPTimeout: Error, CustomStringConvertible, Sendable {
    public let after: Duration
    public var description: String { "no answer within \(after)" }
}
