import Contracts

/// The API lab: admission, rate limiting, user actors, backpressure,
/// supervision and notifications. Each step is in files of its own; start
/// with Admission.swift.
public struct APIToolkit: APILab {
    public init() {}

    public func admit(_ body: [UInt8], assigningID id: String, now: Int64) throws -> Admission {
        try EventAdmission.admit(body, assigningID: id, now: now)
    }

    public func makeTokenBucket(_ limit: RateLimit, now: Int64) throws -> any TokenBucket {
        try Bucket(limit, now: now)
    }

    public func makeUserDirectory(_ configuration: UserDirectoryConfiguration, sink: any EventSink) throws -> any UserDirectory {
        Directory(configuration, sink: sink)
    }

    public func makeBoundedSink(_ sink: any EventSink, maxInFlight: Int) throws -> any EventSink {
        BoundedSink(sink, maxInFlight: maxInFlight)
    }

    public func backoff(attempt: Int, _ policy: BackoffPolicy, random: Double) throws -> Duration {
        try Backoff.delay(attempt: attempt, policy, random: random)
    }

    public func makeNotificationHub(bufferSize: Int) throws -> any NotificationHub {
        Hub(bufferSize: bufferSize)
    }
}
