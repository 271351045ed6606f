import Foundation

/// How a master runs. The defaults suit a laptop; tests shorten the timers.
public struct MasterConfiguration: Sendable {
    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The port (0 picks a free one).
    public var port = 5050
    /// Where the registry lives.
    public var dataDirectory: URL
    /// How often the allocator runs (Mesos' `--allocation_interval`, 1 s there).
    public var allocationIntervalMs: Int64 = 250
    /// An offer neither accepted nor declined this long is rescinded (`--offer_timeout`).
    public var offerTimeoutMs: Int64 = 10_000
    /// How often agents send heartbeats.
    public var agentHeartbeatMs: Int64 = 1_000
    /// Heartbeats an agent may miss before it is removed (`--max_agent_ping_timeouts`).
    public var maxMissedHeartbeats = 5
    /// How long a restarted master waits for the agents in its registry to
    /// re-register before counting their tasks lost (`--agent_reregister_timeout`).
    public var agentReregisterTimeoutMs: Int64 = 10_000
    /// How often frameworks get a HEARTBEAT event.
    public var frameworkHeartbeatMs: Int64 = 15_000
    /// How often an unacknowledged status update is sent again.
    public var statusUpdateRetryMs: Int64 = 5_000
    /// The weight of each role (default 1), as Mesos' `/weights`.
    public var roleWeights: [String: Double] = [:]
    /// The timers' resolution.
    public var tickMs: Int64 = 50
    /// Request bodies over this size are refused (413).
    public var maxBodyBytes = 4 << 20

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }
}

/// The Mesos release whose v1 API the master follows (clients parse it as numbers).
public let mesosAPIVersion = "1.11.0"
