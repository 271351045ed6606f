import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The notebook server: the page at `/notebooks/{path}`, Jupyter's
/// contents API at `/api/contents/{path}`, and a WebSocket per browser
/// session at `/ws` that runs cells and streams live frames.
public enum NotebookApp {
    public static func application(configuration: NotebookConfiguration, lab: any NotebookLab, streaming: any StreamingLab,
                                   onServerRunning: (@Sendable (Int) async -> Void)? = nil) -> some ApplicationProtocol {
        let contents = Contents(directory: configuration.directory, lab: lab)
        let sources = DataSources(configuration: configuration, streaming: streaming)
        let sessions = NIOLockedValueBox(0)
        let router = Router()
        router.get("/") { _, _ -> Response in
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: configuration.directory.path)) ?? [])
                .filter { $0.hasSuffix(".ipynb") }.sorted()
            return html(Page.index(names))
        }
        router.get("/notebooks/**") { _, context -> Response in
            html(Page.notebook(path: context.parameters.getCatchAll().joined(separator: "/")))
        }
        router.get("/api/contents") { _, _ -> Response in json(contents.listing()) }
        router.get("/api/contents/**") { request, context -> Response in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            let withContent = request.uri.queryParameters.get("content") != "0"
            return answer { json(try contents.model(path, content: withContent)) }
        }
        router.put("/api/contents/**") { request, context -> Response in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard let body = try? await request.body.collect(upTo: 32 << 20) else { return problem(413, "the notebook is over 32 MB") }
            return answer {
                let parsed: JSONValue
                do { parsed = try JSONValue.parse(body.readableBytesView) } catch { throw Contents.Failure(status: 400, message: "the body is not JSON: \(error)") }
                let (created, model) = try contents.save(path, body: parsed)
                return json(model, status: created ? .created : .ok)
            }
        }
        router.get("/api/status") { _, _ -> Response in
            json(["sessions": .integer(Int64(sessions.withLockedValue { $0 }))])
        }
        return Application(
            router: router,
            server: .http1WebSocketUpgrade { request, _, _ in
                guard request.path == "/ws" else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    let (messages, output) = AsyncStream.makeStream(of: JSONValue.self, bufferingPolicy: .bufferingNewest(4_096))
                    let session = try NotebookSession(lab: lab, sources: sources, configuration: configuration) { output.yield($0) }
                    sessions.withLockedValue { $0 += 1 }
                    defer { sessions.withLockedValue { $0 -= 1 } }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await message in messages { try await outbound.write(.text(message.notebookText())) }
                        }
                        group.addTask {
                            for try await message in inbound.messages(maxSize: 8 << 20) {
                                guard case .text(let text) = message else { continue }
                                guard let parsed = try? JSONValue.parse(Array(text.utf8)) else {
                                    output.yield(["type": "error", "cell": "", "message": "a message must be JSON"])
                                    continue
                                }
                                await session.handle(parsed)
                            }
                            await session.close()
                            output.finish()
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                    await session.close()
                }
            },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "chirp-notebook"),
            onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "chirp-notebook")
                logger.logLevel = .warning
                return logger
            }())
    }

    static func answer(_ body: () throws -> Response) -> Response {
        do {
            return try body()
        } catch let failure as Contents.Failure {
            return problem(failure.status, failure.message)
        } catch let error as NotImplemented {
            return problem(501, "the notebook lab's \(error.function) is not written yet: \(error)")
        } catch {
            return problem(500, "\(error)")
        }
    }

    static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.notebookText())))
    }

    static func problem(_ status: Int, _ message: String) -> Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: (["message": .string(message), "reason": .string(message)] as JSONValue).notebookText())))
    }
}
