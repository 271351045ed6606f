import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The master's HTTP server: Mesos' v1 scheduler API (`POST /api/v1/scheduler`),
/// the agents' API (`POST /api/v1/agent`), `GET /version`, `GET /master/state`
/// and `GET /health`.
public enum MasterServer {
    static let streamIDHeader = HTTPField.Name("Mesos-Stream-Id")!

    /// The application, ready to `runService()`.
    public static func application(master: Master, configuration: MasterConfiguration,
                                   onServerRunning: (@Sendable (Int) async -> Void)? = nil) -> some ApplicationProtocol {
        let router = Router()
        router.post("/api/v1/scheduler") { request, _ -> Response in
            let call: SchedulerCall
            switch await decode(SchedulerCall.self, request, limit: configuration.maxBodyBytes) {
            case .failure(let rejected): return plain(rejected.status, rejected.message)
            case .success(let decoded): call = decoded
            }
            if call.type == "SUBSCRIBE" {
                do {
                    let (frameworkID, streamID, events) = try await master.subscribe(call)
                    return stream(events, headers: [streamIDHeader: streamID]) {
                        await master.streamClosed(frameworkID: frameworkID, streamID: streamID)
                    }
                } catch let rejected as CallRejected {
                    return plain(rejected.status, rejected.message)
                }
            }
            do {
                try await master.handle(call, streamID: request.headers[streamIDHeader])
                return Response(status: .accepted)
            } catch let rejected as CallRejected {
                return plain(rejected.status, rejected.message)
            }
        }
        router.post("/api/v1/agent") { request, _ -> Response in
            let call: AgentCall
            switch await decode(AgentCall.self, request, limit: configuration.maxBodyBytes) {
            case .failure(let rejected): return plain(rejected.status, rejected.message)
            case .success(let decoded): call = decoded
            }
            switch call.type {
            case "SUBSCRIBE":
                do {
                    let (agentID, streamID, events) = try await master.subscribeAgent(call)
                    return stream(events, headers: [:]) { await master.agentStreamClosed(agentID, streamID: streamID) }
                } catch let rejected as CallRejected {
                    return plain(rejected.status, rejected.message)
                }
            case "HEARTBEAT":
                guard let agentID = call.agentId?.value else { return plain(400, "HEARTBEAT needs agent_id") }
                return await master.agentHeartbeat(agentID) ? Response(status: .accepted) : plain(404, "unknown agent \(agentID): subscribe again")
            case "UPDATE":
                guard let agentID = call.agentId?.value, let update = call.update else { return plain(400, "UPDATE needs agent_id and update") }
                return await master.agentUpdate(agentID, frameworkID: update.frameworkId.value, status: update.status)
                    ? Response(status: .accepted) : plain(404, "unknown agent \(agentID): subscribe again")
            default:
                return plain(400, "Unsupported agent call type '\(call.type)'")
            }
        }
        router.get("/version") { _, _ -> Response in
            json(#"{"version":"\#(mesosAPIVersion)","build_user":"big-fast-data-in-a-box","git_tag":"\#(mesosAPIVersion)"}"#)
        }
        router.get("/master/state") { _, _ -> Response in
            json(String(decoding: MesosJSON.encode(await master.snapshot()), as: UTF8.self))
        }
        router.get("/health") { _, _ in "ok\n" }
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "mesos-master"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                await master.listening(host: configuration.host, port: port)
                await onServerRunning?(port)
            },
            logger: {
                var logger = Logger(label: "mesos-master")
                logger.logLevel = .warning
                return logger
            }())
    }

    /// Reads a JSON call, or the 4xx that explains what is wrong with it.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, limit: Int) async -> Result<T, CallRejected> {
        guard let body = try? await request.body.collect(upTo: limit) else {
            return .failure(CallRejected(413, "the request body is over \(limit) bytes"))
        }
        do {
            return .success(try MesosJSON.decode(type, from: Data(body.readableBytesView)))
        } catch {
            return .failure(CallRejected(400, "Failed to parse the body as a JSON call: \(describe(error))"))
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? snakeCase($0.stringValue) }.joined(separator: ".")
    }

    /// `offerIds` as the JSON spells it: `offer_ids`.
    static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }

    /// A chunked 200 whose body is the RecordIO events, until the stream ends or the client goes.
    static func stream(_ events: AsyncStream<ByteBuffer>, headers extra: HTTPFields,
                       onClose: @escaping @Sendable () async -> Void) -> Response {
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-cache"]
        headers.append(contentsOf: extra)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            do {
                for await chunk in events { try await writer.write(chunk) }
                try await writer.finish(nil)
            } catch {}
            await onClose()
        })
    }

    static func plain(_ status: Int, _ message: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
