/// The Kafka APIs this broker serves, by their wire number, with the
/// versions it supports: what kcat 1.7, librdkafka 2.x and kafka-python 3.0
/// were seen to need (see `docs/kafka-protocol.md`).
public enum ApiKey: Int16, CaseIterable, Sendable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case apiVersions = 18
    case initProducerID = 22

    /// The versions we serve. Clients pick min(their max, our max).
    public var supportedVersions: ClosedRange<Int16> {
        switch self {
        case .produce: 3...8
        case .fetch: 4...11
        case .listOffsets: 1...5
        case .metadata: 0...8
        case .offsetCommit: 2...7
        case .offsetFetch: 1...5
        case .findCoordinator: 0...2
        case .joinGroup: 0...5
        case .heartbeat: 0...3
        case .leaveGroup: 0...3
        case .syncGroup: 0...3
        case .apiVersions: 0...3
        case .initProducerID: 0...1
        }
    }

    /// The first version that uses the flexible encoding (compact strings
    /// and arrays, tagged fields, request header v2).
    public var firstFlexibleVersion: Int16 {
        switch self {
        case .produce: 9
        case .fetch: 12
        case .listOffsets: 6
        case .metadata: 9
        case .offsetCommit: 8
        case .offsetFetch: 6
        case .findCoordinator: 3
        case .joinGroup: 6
        case .heartbeat, .leaveGroup, .syncGroup: 4
        case .apiVersions: 3
        case .initProducerID: 2
        }
    }

    /// Whether `version` of this API uses the flexible encoding.
    public func isFlexible(_ version: Int16) -> Bool {
        version >= firstFlexibleVersion
    }
}
