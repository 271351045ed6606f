import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The ingest API's HTTP server: routes, authentication, body limits,
/// problem+json errors, `/openapi.json`, `/metrics` and `/healthz`, over the
/// lab's user directory and notification hub (an `APIService`).
public enum APIServer {
    /// The application, ready to `runService()` (or to test with HummingbirdTesting).
    public static func application(service: APIService,
                                   onServerRunning: (@Sendable (Int) async -> Void)? = nil) -> some ApplicationProtocol {
        let configuration = service.configuration
        let router = Router()
        router.middlewares.add(StatusCounting(metrics: service.metrics))
        router.middlewares.add(MethodNotAllowed(routes: [
            ("/v1/events", ["POST"]), ("/v1/events:batch", ["POST"]), ("/v1/users/{id}/notifications", ["GET", "HEAD"]),
            ("/healthz", ["GET", "HEAD"]), ("/metrics", ["GET", "HEAD"]), ("/openapi.json", ["GET", "HEAD"]),
        ]))

        router.post("/v1/events") { request, _ -> Response in
            if let problem = authenticate(request, keys: configuration.apiKeys) { return problem.response }
            guard let body = try? await request.body.collect(upTo: configuration.maxBodyBytes) else { return tooLarge(configuration) }
            do {
                switch try service.admit([ArraySlice(body.readableBytesView)])[0] {
                case .rejected(let issues):
                    service.metrics.rejected(1)
                    return Problem.invalidEvent(issues).response
                case .event(let event):
                    let submission = try await service.submit([event])[0]
                    if case .accepted = submission { service.metrics.accepted(1) } else { service.metrics.rejected(1) }
                    return Answers.response(submission, event: event, configuration: configuration)
                }
            } catch let error as NotImplemented {
                return Answers.notImplemented(error)
            }
        }
        router.post("/v1/events:batch") { request, _ -> Response in
            if let problem = authenticate(request, keys: configuration.apiKeys) { return problem.response }
            guard let body = try? await request.body.collect(upTo: configuration.maxBodyBytes) else { return tooLarge(configuration) }
            let ndjson = request.headers[.contentType]?.lowercased().contains("ndjson") == true
            let items: [ArraySlice<UInt8>]
            switch BatchBody.items(Array(body.readableBytesView), ndjson: ndjson) {
            case .failure(let problem): return problem.response
            case .success(let found): items = found
            }
            do {
                return try await BatchIngest(service: service).run(items)
            } catch let error as NotImplemented {
                return Answers.notImplemented(error)
            }
        }
        router.get("/v1/users/{id}/notifications") { request, context -> Response in
            if let problem = authenticate(request, keys: configuration.apiKeys) { return problem.response }
            guard let user = context.parameters.get("id", as: Int64.self), user > 0 else {
                return Problem.badRequest("the user id in the path must be a positive integer").response
            }
            do {
                return try await NotificationStream.response(user: user, hub: service.hub, heartbeat: .milliseconds(configuration.heartbeatMs),
                                                            metrics: service.metrics)
            } catch let error as NotImplemented {
                return Answers.notImplemented(error)
            }
        }
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: await service.metrics.text(directory: service.directory))))
        }
        router.get("/openapi.json") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "chirp-api"),
            onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "chirp-api")
                logger.logLevel = .warning
                return logger
            }())
    }

    static func tooLarge(_ configuration: APIConfiguration) -> Response {
        Problem(status: 413, title: "Content Too Large", detail: "the body is over the limit of \(configuration.maxBodyBytes) bytes").response
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
