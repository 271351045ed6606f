import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// How the API serves.
public struct APIConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port = 8080
    /// Accepted `x-api-key` values; empty turns authentication off.
    public var apiKeys: Set<String> = []
    /// The largest request body; larger ones get 413.
    public var maxBodyBytes = 1 << 20

    public init() {}
}

/// The ingest API's HTTP server: routes, authentication, body limits,
/// problem+json errors, `/openapi.json`, `/metrics` and `/healthz`, over an `EventSink`.
public enum APIServer {
    /// The application, ready to `runService()` (or to test with HummingbirdTesting).
    public static func application(configuration: APIConfiguration, sink: any EventSink,
                                   onServerRunning: (@Sendable (Int) async -> Void)? = nil) -> some ApplicationProtocol {
        let metrics = APIMetrics()
        let router = Router()
        router.middlewares.add(StatusCounting(metrics: metrics))

        router.post("/v1/events") { request, context -> Response in
            if let problem = authenticate(request, keys: configuration.apiKeys) { return problem.response }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: configuration.maxBodyBytes)
            } catch {
                return Problem(status: 413, title: "Content Too Large",
                               detail: "the body is over the limit of \(configuration.maxBodyBytes) bytes").response
            }
            switch IngestEvent.decode(Data(buffer: body)) {
            case .failure(let problem):
                return problem.response
            case .success(let event):
                do {
                    try await sink.publish([event])
                } catch {
                    var problem = Problem(status: 503, title: "Service Unavailable",
                                          detail: "the log did not acknowledge the event; try again: \(error)")
                    problem.headers[.retryAfter] = "1"
                    return problem.response
                }
                metrics.accepted(1)
                let json = #"{"id":\#(jsonString(event.id)),"ts":\#(event.ts)}"#
                return Response(status: .accepted, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(string: json)))
            }
        }
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.text)))
        }
        router.get("/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        // A known path with another method: 405 and the methods it has.
        let methods: [String: [HTTPRequest.Method]] = [
            "/v1/events": [.post], "/healthz": [.get], "/metrics": [.get], "/openapi.json": [.get],
        ]
        for (path, allowed) in methods {
            for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    var problem = Problem(status: 405, title: "Method Not Allowed",
                                          detail: "\(path) takes \(allowed.map(\.rawValue).joined(separator: ", "))")
                    problem.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                    return problem.response
                }
            }
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "chirp-api"),
            onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? 0) })
    }

    /// nil when the request carries an accepted key (or authentication is off); else the 401.
    static func authenticate(_ request: Request, keys: Set<String>) -> Problem? {
        guard !keys.isEmpty else { return nil }
        let key = request.headers[HTTPField.Name("x-api-key")!]
        guard let key, keys.contains(key) else {
            var problem = Problem(status: 401, title: "Unauthorized",
                                  detail: key == nil ? "send your API key in the x-api-key header" : "that API key is not valid")
            problem.headers[.wwwAuthenticate] = "ApiKey header=\"x-api-key\""
            return problem
        }
        return nil
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}

/// Counts responses by status for `/metrics`.
struct StatusCounting<Context: RequestContext>: RouterMiddleware {
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.responded(response.status.code)
            return response
        } catch let error as HTTPError {
            metrics.responded(error.status.code)
            throw error
        }
    }
}
