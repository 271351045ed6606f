import APISolution
import ChirpAPI
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The API's given plumbing: routes, auth, limits and errors, over a memory sink.
@Suite("ChirpAPI: routes, auth, limits, problem+json")
struct APIServerTests {
    static let key = HTTPField.Name("x-api-key")!

    static func app(_ sink: any EventSink, maxBodyBytes: Int = 1 << 20,
                    rateLimit: RateLimit = RateLimit(eventsPerSecond: 1_000, burst: 1_000)) throws -> (some ApplicationProtocol, APIService) {
        var config = APIConfiguration()
        config.port = 0
        config.apiKeys = ["k1", "k2"]
        config.maxBodyBytes = maxBodyBytes
        config.users.rateLimit = rateLimit
        let service = try APIService(configuration: config, lab: APIToolkit(), sink: sink)
        return (APIServer.application(service: service), service)
    }

    /// A problem+json body, decoded.
    static func problem(_ body: ByteBuffer) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as! [String: Any]
    }

    @Test("a valid event with a key: 202 with its id, and it is in the sink; id and ts are assigned when absent")
    func accepted() async throws {
        let sink = MemoryEventSink()
        try await Self.app(sink).0.test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"],
                                     body: ByteBuffer(string: #"{"id":"e-1","type":"post","user":42,"ts":1700000000000,"text":"hello #swift"}"#)) { response in
                #expect(response.status == .accepted)
                #expect(String(buffer: response.body) == #"{"id":"e-1","ts":1700000000000,"seq":1}"#)
            }
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k2"],
                                     body: ByteBuffer(string: #"{"type":"like","user":7,"post":"e-1"}"#)) { response in
                #expect(response.status == .accepted)
            }
        }
        let events = await sink.events
        #expect(events.count == 2)
        #expect(events.first == ChirpEvent(id: "e-1", user: 42, ts: 1_700_000_000_000, action: .post(text: "hello #swift")))
        #expect(events.last.map { $0.id.hasPrefix("api-") && $0.ts > 1_700_000_000_000 } == true, "id and ts assigned on ingest")
    }

    @Test("missing or wrong key: 401 problem+json with WWW-Authenticate")
    func unauthorized() async throws {
        let sink = MemoryEventSink()
        try await Self.app(sink).0.test(.router) { client in
            for headers: HTTPFields in [[:], [Self.key: "nope"]] {
                try await client.execute(uri: "/v1/events", method: .post, headers: headers,
                                         body: ByteBuffer(string: #"{"type":"post","user":1,"text":"x"}"#)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.headers[.wwwAuthenticate] != nil)
                    #expect((try? Self.problem(response.body))?["status"] as? Int == 401)
                }
            }
        }
        #expect(await sink.events.isEmpty)
    }

    @Test("bad events: 400 problem+json naming the field", arguments: [
        (#"not json"#, "body"),
        (#"[1,2]"#, "body"),
        (#"{"type":"post","text":"no user"}"#, "user"),
        (#"{"type":"shout","user":1}"#, "type"),
        (#"{"type":"post","user":1,"text":"   "}"#, "text"),
        (#"{"type":"post","user":-3,"text":"hi"}"#, "user"),
        (#"{"type":"follow","user":5,"followee":5}"#, "followee"),
        (#"{"type":"post","user":"seven","text":"hi"}"#, "user"),
    ])
    func badRequest(body: String, field: String) async throws {
        let sink = MemoryEventSink()
        try await Self.app(sink).0.test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = (try? Self.problem(response.body)) ?? [:]
                let fields = (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? ["body"]
                #expect(fields.contains(field), "\(body): \(problem)")
            }
        }
        #expect(await sink.events.isEmpty)
    }

    @Test("a body over the limit: 413; unknown route: 404; wrong method: 405 with Allow")
    func limitsAndRoutes() async throws {
        let sink = MemoryEventSink()
        try await Self.app(sink, maxBodyBytes: 1_000).0.test(.router) { client in
            let big = #"{"type":"post","user":1,"text":""# + String(repeating: "a", count: 2_000) + #""}"#
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"], body: ByteBuffer(string: big)) { response in
                #expect(response.status == .contentTooLarge)
                #expect((try? Self.problem(response.body))?["status"] as? Int == 413)
            }
            try await client.execute(uri: "/v1/nothing", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/events", method: .get, headers: [Self.key: "k1"]) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("the log failing: 503 with Retry-After, nothing counted as accepted")
    func unavailable() async throws {
        struct Down: EventSink { func publish(_ events: [ChirpEvent]) async throws { throw CancellationError() } }
        try await Self.app(Down()).0.test(.router) { client in
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"],
                                     body: ByteBuffer(string: #"{"type":"post","user":1,"text":"hi"}"#)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("chirp_api_events_accepted_total 0"), "\(text)")
                #expect(text.contains(#"chirp_api_responses_total{status="503"} 1"#), "\(text)")
            }
        }
    }

    @Test("/openapi.json is an OpenAPI 3 document naming every route served")
    func openAPI() async throws {
        try await Self.app(MemoryEventSink()).0.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let document = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = Set((document["paths"] as? [String: Any])?.keys.map { $0 } ?? [])
                #expect(paths == ["/v1/events", "/v1/events:batch", "/v1/users/{id}/notifications", "/healthz", "/metrics", "/openapi.json"])
            }
        }
    }

    @Test("over a user's rate limit: 429 with Retry-After; other users still 202")
    func rateLimited() async throws {
        let sink = MemoryEventSink()
        try await Self.app(sink, rateLimit: RateLimit(eventsPerSecond: 0.01, burst: 2)).0.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 {
                statuses.append(try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"],
                                                         body: ByteBuffer(string: #"{"type":"post","user":9,"text":"hi"}"#)) { response in
                    if response.status == .tooManyRequests {
                        // One token at 0.01/s takes 100 s, less the moments the test took.
                        #expect((90...100).contains(Int(response.headers[.retryAfter] ?? "") ?? 0), "Retry-After in whole seconds")
                        #expect((90_000...100_000).contains((try? Self.problem(response.body))?["retryAfterMs"] as? Int ?? 0))
                    }
                    return response.status
                })
            }
            #expect(statuses == [.accepted, .accepted, .tooManyRequests])
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"],
                                     body: ByteBuffer(string: #"{"type":"post","user":10,"text":"hi"}"#)) { response in
                #expect(response.status == .accepted)
            }
        }
        #expect(await sink.events.count == 3)
    }

    @Test("a user blocked by moderation: 403; allowed again: 202")
    func blocked() async throws {
        let (app, service) = try Self.app(MemoryEventSink())
        try await service.directory.moderate(ModerationVerdict(user: 4, action: .block), now: 0)
        try await app.test(.router) { client in
            let body = ByteBuffer(string: #"{"type":"post","user":4,"text":"buy now"}"#)
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"], body: body) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try? await service.directory.moderate(ModerationVerdict(user: 4, action: .allow), now: 0)
            try await client.execute(uri: "/v1/events", method: .post, headers: [Self.key: "k1"], body: body) { response in
                #expect(response.status == .accepted)
            }
        }
    }

    @Test("a batch, as a JSON array or NDJSON: one result per item in order; bad items 400, the rest stored")
    func batch() async throws {
        let sink = MemoryEventSink()
        try await Self.app(sink).0.test(.router) { client in
            let array = #"[{"id":"b-1","type":"post","user":1,"text":"one, [two]"}, {"type":"post","user":0,"text":"x"}, {"id":"b-3","type":"like","user":2,"post":"b-1"}]"#
            try await client.execute(uri: "/v1/events:batch", method: .post, headers: [Self.key: "k1"], body: ByteBuffer(string: array)) { response in
                #expect(response.status == .ok)
                let result = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                #expect(result["accepted"] as? Int == 2)
                #expect(result["rejected"] as? Int == 1)
                let items = result["results"] as? [[String: Any]] ?? []
                #expect(items.map { $0["status"] as? Int } == [202, 400, 202])
                #expect(items.map { $0["index"] as? Int } == [0, 1, 2])
                #expect(items.first?["id"] as? String == "b-1")
            }
            let ndjson = #"{"id":"b-4","type":"post","user":1,"text":"four"}"# + "\n\n" + "not json\n" + #"{"id":"b-5","type":"follow","user":1,"followee":2}"# + "\n"
            try await client.execute(uri: "/v1/events:batch", method: .post, headers: [Self.key: "k1", .contentType: "application/x-ndjson"],
                                     body: ByteBuffer(string: ndjson)) { response in
                let result = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
                let items = result["results"] as? [[String: Any]] ?? []
                #expect(items.map { $0["status"] as? Int } == [202, 400, 202])
            }
            for bad in ["[", "[1,,2]", "[]", "   ", "[{}}]", #"[{"type":"post"}"#, #"{"type":"post","user":1,"text":"one"}"#, "[1]"] {
                try await client.execute(uri: "/v1/events:batch", method: .post, headers: [Self.key: "k1"], body: ByteBuffer(string: bad)) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                }
            }
            try await client.execute(uri: "/v1/events:batch", method: .post, body: ByteBuffer(string: array)) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(await sink.events.map(\.id) == ["b-1", "b-3", "b-4", "b-5"])
    }
}
