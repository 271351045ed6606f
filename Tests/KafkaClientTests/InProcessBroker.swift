import Contracts
import Foundation
import KafkaBroker
import LogSolution

/// Our broker, in this process, on 127.0.0.1: the reference log solution on
/// a temporary data directory, serving until `stop()`.
final class InProcessBroker: Sendable {
    let server: BrokerServer
    let serving: Task<Void, any Error>
    let dataDirectory: URL

    /// `127.0.0.1:port`, as clients bootstrap from it.
    var address: String { "127.0.0.1:\(server.port)" }
    var port: Int { server.port }

    /// Starts a broker with `partitionsPerTopic` partitions per new topic,
    /// on `port` (0: a free one) and `dataDirectory` (a new temporary one unless given).
    init(port: Int = 0, dataDirectory: URL? = nil, partitionsPerTopic: Int = 3) async throws {
        let directory = dataDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("kafka-client-\(UUID().uuidString)")
        var config = BrokerConfig(dataDirectory: directory)
        config.host = "127.0.0.1"
        config.port = port
        config.partitionsPerTopic = partitionsPerTopic
        let server = try await BrokerServer(config: config, lab: LogSolution.LogToolkit())
        self.server = server
        self.dataDirectory = directory
        serving = Task { try await server.run() }
    }

    /// Closes the listening socket and every connection, and waits until the
    /// server has stopped (the port is free again when this returns).
    func stop() async throws {
        try await server.shutdown()
        _ = await serving.result
    }

    /// Removes the data directory (after `stop`).
    func removeData() {
        try? FileManager.default.removeItem(at: dataDirectory)
    }
}

/// Runs `body` against a fresh in-process broker (`partitionsPerTopic`
/// partitions per new topic), then stops it and removes its data.
func withBroker(partitionsPerTopic: Int = 3, _ body: (InProcessBroker) async throws -> Void) async throws {
    let broker = try await InProcessBroker(partitionsPerTopic: partitionsPerTopic)
    do {
        try await body(broker)
    } catch {
        try? await broker.stop()
        broker.removeData()
        throw error
    }
    try await broker.stop()
    broker.removeData()
}
