import KafkaProtocol

/// What can go wrong talking to Kafka, as the client reports it.
public enum KafkaClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A bootstrap server that is not `host:port`.
    case invalidAddress(String)
    /// The connection closed (or could not be opened) before the answer came.
    case connectionClosed(BrokerAddress, reason: String)
    /// No answer within the request timeout; the connection was closed.
    case requestTimedOut(BrokerAddress, api: ApiKey)
    /// The broker serves no version of `api` that this client speaks.
    case unsupportedApi(ApiKey, BrokerAddress)
    /// The broker answered with a Kafka error code.
    case broker(ErrorCode, context: String)
    /// A response that could not be decoded, or that did not match its request.
    case protocolViolation(String)
    /// No broker of the bootstrap list (or of the metadata) could be reached;
    /// `reason` is why the last one could not.
    case noBrokerAvailable([BrokerAddress], reason: String)
    /// The topic has no partition with this index.
    case unknownPartition(TopicPartition)
    /// A consumer operation on a partition that is not assigned to it.
    case notAssigned(TopicPartition)
    /// A group operation (`commit()`, `subscribe` without a group) on a
    /// consumer that has no consumer group.
    case noGroup
    /// The producer or consumer was closed.
    case closed

    /// Whether retrying (after a metadata refresh and a backoff) may succeed.
    public var isRetriable: Bool {
        switch self {
        case .connectionClosed, .requestTimedOut, .noBrokerAvailable: true
        case .broker(let code, _): code.isRetriable
        default: false
        }
    }

    /// The broker refused a batch of an idempotent producer because an
    /// earlier one is missing (OUT_OF_ORDER_SEQUENCE_NUMBER): send it again
    /// after the earlier ones.
    public var isOutOfOrderSequence: Bool {
        if case .broker(.outOfOrderSequenceNumber, _) = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .invalidAddress(let text): "not a host:port broker address: \(text)"
        case .connectionClosed(let address, let reason): "connection to \(address) closed: \(reason)"
        case .requestTimedOut(let address, let api): "\(api) request to \(address) timed out"
        case .unsupportedApi(let api, let address): "\(address) serves no version of \(api) this client speaks"
        case .broker(let code, let context): "\(context): \(code)"
        case .protocolViolation(let text): "protocol violation: \(text)"
        case .noBrokerAvailable(let addresses, let reason):
            "no broker reachable among \(addresses.map(\.description)): \(reason)"
        case .unknownPartition(let partition): "unknown partition \(partition)"
        case .notAssigned(let partition): "partition \(partition) is not assigned to this consumer"
        case .noGroup: "no consumer group: subscribe to one (with a group, or configuration.groupID)"
        case .closed: "closed"
        }
    }
}

extension ErrorCode {
    /// Kafka's retriable errors that a client may see from the APIs it uses:
    /// leadership moved, a coordinator is loading or moved, a timeout.
    public var isRetriable: Bool {
        [.unknownTopicOrPartition, .leaderNotAvailable, .notLeaderOrFollower, .requestTimedOut,
         .coordinatorLoadInProgress, .coordinatorNotAvailable, .notCoordinator,
         ErrorCode(rawValue: 19), ErrorCode(rawValue: 20),  // NOT_ENOUGH_REPLICAS (after append or not)
         ErrorCode(rawValue: 13),  // NETWORK_EXCEPTION
         ErrorCode(rawValue: 74), ErrorCode(rawValue: 75),  // FENCED / UNKNOWN_LEADER_EPOCH
        ].contains(self)
    }
}
