import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/users/{id}/notifications`: the user's notifications as
/// server-sent events (`text/event-stream`), one `event:`/`data:` pair each,
/// for as long as the client stays connected.
enum NotificationStream {
    static func response(user: Int64, hub: any NotificationHub) async throws -> Response {
        let stream = try await hub.subscribe(user: user)
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": notifications for user \(user)\n\n"))
            for await notification in stream {
                try await writer.write(ByteBuffer(string: event(notification)))
            }
            try await writer.finish(nil)
        })
    }

    /// One server-sent event: the kind as its name, the notification as JSON data.
    static func event(_ notification: ChirpNotification) -> String {
        let data = (try? JSONEncoder().encode(notification)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let name = notification.kind.filter { !$0.isNewline }
        return "event: \(name)\ndata: \(data)\n\n"
    }
}
