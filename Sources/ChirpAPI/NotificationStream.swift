import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/users/{id}/notifications`: the user's notifications as
/// server-sent events (`text/event-stream`), one `event:`/`data:` pair each,
/// for as long as the client stays connected. A comment line every
/// `heartbeat` keeps proxies from closing a quiet stream, and finds a client
/// that went away (its write fails), ending the subscription.
enum NotificationStream {
    static func response(user: Int64, hub: any NotificationHub, heartbeat: Duration, metrics: APIMetrics) async throws -> Response {
        let notifications = try await hub.subscribe(user: user)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            let (chunks, output) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1_024))
            let forward = Task {
                for await notification in notifications { output.yield(event(notification)) }
                output.finish()
            }
            let beat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: heartbeat)
                    output.yield(": heartbeat\n\n")
                }
            }
            metrics.streamOpened()
            defer {
                forward.cancel()
                beat.cancel()
                metrics.streamClosed()
            }
            output.yield(": notifications for user \(user)\n\n")
            for await chunk in chunks {
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        })
    }

    /// One server-sent event: the kind as its name, the notification as JSON data.
    static func event(_ notification: ChirpNotification) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(notification)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let name = notification.kind.filter { !$0.isNewline }
        return "event: \(name)\ndata: \(data)\n\n"
    }
}
