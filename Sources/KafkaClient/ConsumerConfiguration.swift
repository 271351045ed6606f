/// How a `KafkaConsumer` fetches and where it starts.
public struct ConsumerConfiguration: Sendable {
    /// Where to start a partition that has no position yet, or whose position
    /// the broker no longer (or not yet) has (`auto.offset.reset`).
    public enum OffsetReset: Sendable {
        /// The earliest offset still in the log.
        case beginning
        /// The log end: only records produced from now on.
        case end
    }

    /// `host:port` of brokers to learn the cluster from (any one will do).
    public var bootstrapServers: [String]
    /// `auto.offset.reset`.
    public var autoOffsetReset: OffsetReset = .beginning
    /// `fetch.max.wait.ms`: how long the broker may hold a Fetch waiting for `minBytes`.
    public var maxWait: Duration = .milliseconds(500)
    /// `fetch.min.bytes`: how many bytes the broker waits for before answering.
    public var minBytes: Int32 = 1
    /// `fetch.max.bytes`: the most bytes one Fetch answer may carry.
    public var maxBytes: Int32 = 50 << 20
    /// `max.partition.fetch.bytes`: the most bytes per partition in one answer.
    public var partitionMaxBytes: Int32 = 1 << 20
    /// `retries` and `retry.backoff.ms` for metadata, offsets and coordinator lookups.
    public var retry = RetryPolicy()
    /// Whether Metadata may create a topic that does not exist yet.
    public var allowAutoTopicCreation = true
    /// Client id, timeouts and frame limit of each broker connection.
    public var connection = KafkaConnection.Configuration()

    // MARK: Consumer group (`KafkaConsumer.subscribe`)

    /// `group.id`: the group `subscribe` joins when it is given none.
    public var groupID: String?
    /// `session.timeout.ms`: how long the coordinator waits for a heartbeat
    /// before it drops the member.
    public var sessionTimeout: Duration = .seconds(10)
    /// `max.poll.interval.ms` (JoinGroup's rebalance timeout): how long the
    /// coordinator waits for every member to rejoin in a rebalance.
    public var rebalanceTimeout: Duration = .seconds(30)
    /// `heartbeat.interval.ms`: how often a member tells the coordinator it is
    /// alive (and learns of a rebalance); well under `sessionTimeout`.
    public var heartbeatInterval: Duration = .seconds(3)
    /// `enable.auto.commit`: whether a group member commits its positions
    /// every `autoCommitInterval`, before each rebalance and on close.
    public var autoCommit = true
    /// `auto.commit.interval.ms`.
    public var autoCommitInterval: Duration = .seconds(5)
    /// `partition.assignment.strategy`: the assignors offered, preferred first.
    public var assignmentStrategies: [PartitionAssignmentStrategy] = [.range, .roundRobin]

    /// A configuration with the defaults above and `bootstrapServers`.
    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
        connection.clientID = "box-consumer"
    }
}
