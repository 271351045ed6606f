import KafkaProtocol

/// A request message that a `KafkaConnection` can send: it knows its API
/// and the type of its answer. The version is the one the connection
/// negotiated for that API.
public protocol KafkaRequest: KafkaMessageCodable {
    /// The response message's type.
    associatedtype Response: KafkaMessageCodable
    /// The API this request belongs to.
    static var apiKey: ApiKey { get }
}

extension Metadata.Request: KafkaRequest {
    public typealias Response = Metadata.Response
    public static var apiKey: ApiKey { .metadata }
}

extension Produce.Request: KafkaRequest {
    public typealias Response = Produce.Response
    public static var apiKey: ApiKey { .produce }
}

extension Fetch.Request: KafkaRequest {
    public typealias Response = Fetch.Response
    public static var apiKey: ApiKey { .fetch }
}

extension ListOffsets.Request: KafkaRequest {
    public typealias Response = ListOffsets.Response
    public static var apiKey: ApiKey { .listOffsets }
}

extension FindCoordinator.Request: KafkaRequest {
    public typealias Response = FindCoordinator.Response
    public static var apiKey: ApiKey { .findCoordinator }
}

extension OffsetCommit.Request: KafkaRequest {
    public typealias Response = OffsetCommit.Response
    public static var apiKey: ApiKey { .offsetCommit }
}

extension OffsetFetch.Request: KafkaRequest {
    public typealias Response = OffsetFetch.Response
    public static var apiKey: ApiKey { .offsetFetch }
}

extension InitProducerID.Request: KafkaRequest {
    public typealias Response = InitProducerID.Response
    public static var apiKey: ApiKey { .initProducerID }
}

extension JoinGroup.Request: KafkaRequest {
    public typealias Response = JoinGroup.Response
    public static var apiKey: ApiKey { .joinGroup }
}

extension SyncGroup.Request: KafkaRequest {
    public typealias Response = SyncGroup.Response
    public static var apiKey: ApiKey { .syncGroup }
}

extension Heartbeat.Request: KafkaRequest {
    public typealias Response = Heartbeat.Response
    public static var apiKey: ApiKey { .heartbeat }
}

extension LeaveGroup.Request: KafkaRequest {
    public typealias Response = LeaveGroup.Response
    public static var apiKey: ApiKey { .leaveGroup }
}
