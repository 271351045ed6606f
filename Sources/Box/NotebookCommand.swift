import ArgumentParser
import Contracts
import Foundation
import NotebookServer
import NotebookSolution
import NotebookStarter
import StreamingSolution

/// `box notebook`: the live web notebook, on the reference lab or the student's.
struct Notebook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The live web notebook (notebook lab): Jupyter-shaped contents API, batch and live SQL cells, SVG charts.")

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8888

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The folder of .ipynb notebooks.")
    var dir = "notebooks"

    @Option(help: "A Kafka broker (HOST:PORT): FROM names a topic. Without it, chirps and hashtags come from the generator.")
    var kafka: String?

    @Option(help: "The Cassandra-compatible store (HOST:PORT): FROM keyspace.table reads that table.")
    var cassandra: String?

    @Option(name: .customLong("live-rate"), help: "Events per second the generator feeds a live cell (without --kafka).")
    var liveRate = 2_000.0

    @Option(help: "Whose notebook core: solution (the reference) or starter (yours, Labs/Notebook).")
    var track = "solution"

    func validate() throws {
        guard ["starter", "solution"].contains(track) else { throw ValidationError("--track must be starter or solution") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard liveRate > 0 else { throw ValidationError("--live-rate must be above 0") }
        if let kafka, kafka.split(separator: ":").count != 2 { throw ValidationError("--kafka must be HOST:PORT (got \(kafka))") }
        if let cassandra, cassandra.split(separator: ":").count != 2 { throw ValidationError("--cassandra must be HOST:PORT (got \(cassandra))") }
    }

    func run() async throws {
        var configuration = NotebookConfiguration(directory: URL(fileURLWithPath: dir))
        configuration.host = host
        configuration.port = port
        configuration.kafka = kafka
        configuration.cassandra = cassandra
        configuration.liveRate = liveRate
        let lab: any NotebookLab = track == "starter" ? NotebookStarter.NotebookToolkit() : NotebookSolution.NotebookToolkit()
        let track = self.track, host = self.host, dir = self.dir
        let source = (kafka.map { "topics on \($0)" } ?? "the generator's chirps") + (cassandra.map { ", store tables on \($0)" } ?? "")
        let app = NotebookApp.application(configuration: configuration, lab: lab, streaming: StreamingSolution.StreamingToolkit()) { port in
            FileHandle.standardOutput.write(Data("box notebook (\(track)) listening on http://\(host):\(port), notebooks in \(dir), data from \(source)\n".utf8))
        }
        let deadline = ShutdownDeadline("box notebook")  // a browser tab's WebSocket stays open
        try await app.runService()
        withExtendedLifetime(deadline) {}
    }
}
