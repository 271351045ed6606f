import NIOCore
import NIOHTTP1
import NIOPosix

/// One keep-alive HTTP/1.1 connection to the ingest API, for the load
/// generators (`box load`, the demo's load).
enum APIConnection {
    /// Opens a connection to `host:port`; `body` gets a function that POSTs
    /// JSON and returns the status and body. The connection closes when
    /// `body` returns or throws (a transport error is thrown from `send`).
    static func open(host: String, port: Int, apiKey: String?,
                     _ body: (_ send: (String, String) async throws -> (Int, [UInt8])) async throws -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var responses = inbound.makeAsyncIterator()
            try await body { path, text in
                var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
                head.headers.add(name: "Host", value: "\(host):\(port)")
                head.headers.add(name: "Content-Type", value: "application/json")
                head.headers.add(name: "Content-Length", value: String(text.utf8.count))
                if let apiKey { head.headers.add(name: "x-api-key", value: apiKey) }
                try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(ByteBuffer(string: text))), .end(nil)])
                var status = 0
                var received: [UInt8] = []
                while let part = try await responses.next() {
                    switch part {
                    case .head(let response): status = Int(response.status.code)
                    case .body(let buffer): received += buffer.readableBytesView
                    case .end: return (status, received)
                    }
                }
                throw LoadError("the API closed the connection")
            }
        }
    }
}
