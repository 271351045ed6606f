import ArgumentParser
import CassandraStore
import Contracts
import Foundation
import StoreSolution
import StoreStarter

/// `box store`: the Cassandra-compatible store, on the reference storage engine or the student's.
struct Store: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The Cassandra-compatible store (store lab): point cqlsh or any Cassandra driver at it.")

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 9042

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Where the schema, commit logs and SSTables live.")
    var data = "box-data/store"

    @Option(name: .customLong("memtable-mib"), help: "Flush a table's memtable to an SSTable at this many MiB (0.05 is 51 KiB).")
    var memtableMiB = 64.0

    @Option(help: "Seconds between size-tiered compaction rounds.")
    var compactionInterval = 10

    @Option(help: "Whose storage engine: solution (the reference) or starter (yours, Labs/Store).")
    var track = "solution"

    func validate() throws {
        guard ["starter", "solution"].contains(track) else { throw ValidationError("--track must be starter or solution") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard memtableMiB >= 0.001 else { throw ValidationError("--memtable-mib must be at least 0.001 (1 KiB)") }
    }

    func run() async throws {
        var config = StoreConfig()
        config.memtableFlushBytes = Int(memtableMiB * 1_048_576)
        let lab: any StoreLab = track == "starter" ? StoreStarter.StoreToolkit() : StoreSolution.StoreToolkit()
        let server = try await StoreServer(dataDirectory: URL(fileURLWithPath: data), host: host, port: port, lab: lab,
                                           config: config, compactionInterval: .seconds(compactionInterval))
        FileHandle.standardOutput.write(Data("box store (\(track) engine) listening on \(host):\(server.port), data in \(data)\n".utf8))
        try await server.run()
    }
}
