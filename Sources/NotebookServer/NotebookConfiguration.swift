import Foundation

/// How `box notebook` runs.
public struct NotebookConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8888
    /// The folder of `.ipynb` files the contents API serves.
    public var directory: URL
    /// A Kafka broker: FROM names a topic (read to its end for a batch cell, followed live for EMIT CHANGES).
    /// Without one, `chirps` and `hashtags` come from the workload generator.
    public var kafka: String?
    /// The Cassandra-compatible store (HOST:PORT): FROM keyspace.table reads that table.
    public var cassandra: String?
    /// Events the generator makes for a batch cell's `chirps`.
    public var generatedEvents = 20_000
    /// Events per second the generator feeds a live cell.
    public var liveRate = 2_000.0
    /// A live cell's least time between frames (100 ms: up to 10 a second).
    public var frameIntervalMs: Int64 = 100
    /// The most rows a batch cell's source table holds (a topic is read up to this many records).
    public var maxSourceRows = 200_000

    public init(directory: URL) {
        self.directory = directory
    }
}
