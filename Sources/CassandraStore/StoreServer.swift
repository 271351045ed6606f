import CQLProtocol
import Contracts
import Foundation
import Logging

/// The whole store: schema, storage engine, query processor and CQL server,
/// with size-tiered compaction running in the background.
public final class StoreServer: Sendable {
    let server: CQLServer
    let engine: StorageEngine
    let compactionInterval: Duration
    /// The port it listens on (the real one when the configured port was 0).
    public var port: Int { server.port }

    public init(dataDirectory: URL, host: String = "127.0.0.1", port: Int = 9042, lab: any StoreLab,
                config: StoreConfig = StoreConfig(), compactionInterval: Duration = .seconds(10),
                logger: Logger = Logger(label: "store")) async throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let catalog = try SchemaCatalog(directory: dataDirectory)
        engine = StorageEngine(directory: dataDirectory.appendingPathComponent("data"), lab: lab, config: config)
        // Open every table now: a restart replays each commit log before serving.
        // One that cannot be opened (a student's engine before step 5) is
        // reported, and the store serves the rest; queries on it get the error.
        for keyspace in catalog.all.values {
            for table in keyspace.tables.values {
                do {
                    _ = try engine.table(table)
                } catch {
                    FileHandle.standardError.write(Data("box store: table \(table.keyspace).\(table.name) could not be opened: \(error)\n".utf8))
                }
            }
        }
        let node = SystemTables.Node(host: host, port: port, hostID: Self.hostID(of: dataDirectory))
        let processor = QueryProcessor(catalog: catalog, engine: engine, node: node)
        server = try await CQLServer(host: host, port: port, handler: processor, logger: logger)
        let server = self.server
        node.port = server.port
        processor.onSchemaChange = { change in _ = server.broadcast(event: .schemaChange(change)) }
        self.compactionInterval = compactionInterval
    }

    /// A node's id, stable across restarts: derived from where its data lives.
    static func hostID(of directory: URL) -> UUID {
        UUID(naming: Array(directory.standardizedFileURL.path.utf8))
    }

    /// Serves until cancelled.
    public func run() async throws {
        let engine = self.engine
        let interval = compactionInterval
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    // Off the cooperative pool: a compaction blocks its thread for as long as it runs.
                    _ = try await DispatchQueue.global(qos: .utility).runBlocking {
                        engine.compactAll(now: Int64(Date().timeIntervalSince1970))
                    }
                }
            }
            tasks.addTask { try await self.server.run() }
            try await tasks.next()
            tasks.cancelAll()
        }
    }
}
