import HTTPTypes
import Hummingbird

/// A request for a known path with a method it does not take: 405 with
/// `Allow`, rather than the router's 404 (which stays for unknown paths).
struct MethodNotAllowed<Context: RequestContext>: RouterMiddleware {
    /// Each path (`{name}` matches one segment) and the methods it takes.
    let routes: [(path: String, methods: [String])]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            guard response.status == .notFound, let allowed = allowed(request.uri.path) else { return response }
            return refusal(allowed, request)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = allowed(request.uri.path) else { throw error }
            return refusal(allowed, request)
        }
    }

    private func refusal(_ allowed: [String], _ request: Request) -> Response {
        var problem = Problem(status: 405, title: "Method Not Allowed",
                              detail: "\(request.uri.path) does not take \(request.method.rawValue); it takes \(allowed.joined(separator: ", "))")
        problem.headers[.allow] = allowed.joined(separator: ", ")
        return problem.response
    }

    /// The methods `path` takes, if it is a known path.
    private func allowed(_ path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return routes.first { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: false)
            return template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") && !$1.isEmpty || $0 == $1 }
        }?.methods
    }
}
