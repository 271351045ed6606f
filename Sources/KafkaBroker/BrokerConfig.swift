import Contracts
import Foundation

/// How a broker runs: where it listens, what it advertises, where it keeps
/// its data, and the log settings of every partition.
public struct BrokerConfig: Sendable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The port to listen on; 0 picks a free one.
    public var port = 9092
    /// The host clients are told to connect to (Metadata); defaults to `host`.
    public var advertisedHost: String?
    /// Where partition logs and consumer offsets live.
    public var dataDirectory: URL
    /// Partitions of an auto-created topic (`num.partitions`).
    public var partitionsPerTopic = 1
    /// Settings of every partition's log.
    public var log = LogConfig()
    /// How long a new consumer group waits for more members before its first
    /// round (`group.initial.rebalance.delay.ms`; Kafka's default is 3 s).
    public var groupInitialRebalanceDelay: Duration = .milliseconds(300)
    /// How often every partition's retention is enforced
    /// (`log.retention.check.interval.ms`; Kafka's default is 5 minutes).
    public var retentionCheckInterval: Duration = .seconds(300)
    /// This broker's id in Metadata.
    public var nodeID: Int32 = 0
    /// The largest request accepted (`socket.request.max.bytes`); larger frames close the connection.
    public var maxRequestBytes = 100 << 20

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }
}
