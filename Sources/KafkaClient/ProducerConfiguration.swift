/// How a `KafkaProducer` batches, acknowledges and retries.
public struct ProducerConfiguration: Sendable {
    /// Which replicas must have a batch before the broker acknowledges it.
    public enum Acks: Int16, Sendable {
        /// No acknowledgement at all: the broker sends no response, offsets are -1.
        case none = 0
        /// The leader appended it.
        case leader = 1
        /// Every in-sync replica has it (Kafka's `acks=all`).
        case all = -1
    }

    /// `host:port` of brokers to learn the cluster from (any one will do).
    public var bootstrapServers: [String]
    /// `acks`: how acknowledged a batch must be.
    public var acks: Acks = .all
    /// `linger.ms`: how long a batch may wait for more records before it is sent.
    public var linger: Duration = .milliseconds(5)
    /// `batch.size`: a batch is sent as soon as it holds this many bytes.
    public var batchBytes: Int = 16_384
    /// `retries` and `retry.backoff.ms`: tries again after retriable errors
    /// (lost connection, NOT_LEADER_OR_FOLLOWER, timeouts...). Without
    /// idempotence a retry after a lost answer may write a batch twice.
    public var retry = RetryPolicy()
    /// `enable.idempotence`: asks for a producer id (InitProducerId) and numbers
    /// each partition's batches, so the broker drops a retried batch it already has.
    public var idempotent = false
    /// `max.in.flight.requests.per.connection`: how many batches of one
    /// partition may be sent before the first is answered. Used only with
    /// idempotence, where the broker refuses a batch that overtook a failed
    /// one (OUT_OF_ORDER_SEQUENCE_NUMBER) and the producer sends the batches
    /// again in order; without it one at a time keeps order across retries.
    /// At most 5, the batches a broker remembers per producer.
    public var maxInFlightPerPartition = 5
    /// The most batches per partition a broker remembers for an idempotent producer.
    public static let maxInFlightWithIdempotence = 5
    /// `timeout.ms` sent in Produce: how long the broker may wait for replicas.
    public var produceTimeout: Duration = .seconds(30)
    /// Whether Metadata may create a topic that does not exist yet.
    public var allowAutoTopicCreation = true
    /// Client id, timeouts and frame limit of each broker connection.
    public var connection = KafkaConnection.Configuration()

    /// A configuration with the defaults above and `bootstrapServers`.
    public init(bootstrapServers: [String]) {
        self.bootstrapServers = bootstrapServers
    }
}
