import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Marathon's REST API, the part the demo uses: `GET /v2/apps`,
/// `POST /v2/apps` (create or replace), `GET /v2/tasks`, `DELETE /v2/apps/{id}`.
public enum MarathonServer {
    struct AppStatus: Codable {
        var id: String
        var cmd: String
        var instances: Int
        var cpus: Double
        var mem: Double
        var tasksStaged: Int
        var tasksRunning: Int
        var launches: Int
    }

    public static func application(marathon: Marathon, driver: SchedulerDriver, host: String, port: Int,
                                   onServerRunning: (@Sendable (Int) async -> Void)? = nil) -> some ApplicationProtocol {
        let router = Router()
        router.get("/v2/apps") { _, _ -> Response in
            let tasks = await marathon.taskList
            let launches = await marathon.launches
            let apps = await marathon.appList.map { app in
                let mine = tasks.filter { $0.appId == app.id }
                return AppStatus(id: app.id, cmd: app.cmd, instances: app.instances, cpus: app.cpus, mem: app.mem,
                                 tasksStaged: mine.filter { $0.state != "TASK_RUNNING" }.count,
                                 tasksRunning: mine.filter { $0.state == "TASK_RUNNING" }.count, launches: launches[app.id] ?? 0)
            }
            return json(["apps": apps])
        }
        router.get("/v2/tasks") { _, _ -> Response in
            json(["tasks": await marathon.taskList])
        }
        router.post("/v2/apps") { request, _ -> Response in
            guard let body = try? await request.body.collect(upTo: 1 << 20) else { return plain(413, "the app definition is over 1 MB") }
            do {
                let app = try JSONDecoder().decode(AppDefinition.self, from: Data(body.readableBytesView))
                try app.validate()
                await marathon.put(app, driver: driver)
                return Response(status: .created, headers: [.contentType: "application/json"],
                                body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(app))))
            } catch {
                return plain(422, "invalid app definition: \(MasterServer.describe(error))")
            }
        }
        router.delete("/v2/apps/**") { request, context -> Response in
            let id = "/" + (context.parameters.getCatchAll().joined(separator: "/"))
            return await marathon.remove(id, driver: driver) ? Response(status: .ok) : plain(404, "no app \(id)")
        }
        router.get("/health") { _, _ in "ok\n" }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "marathon"),
            onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "marathon")
                logger.logLevel = .warning
                return logger
            }())
    }

    static func json(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    static func plain(_ status: Int, _ message: String) -> Response {
        MasterServer.plain(status, message)
    }
}
