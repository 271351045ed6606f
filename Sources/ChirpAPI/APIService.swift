import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// The API's state behind the routes: the lab's user directory (over a
/// bounded sink), its notification hub and the metrics.
public final class APIService: Sendable {
    public let configuration: APIConfiguration
    public let lab: any APILab
    public let directory: any UserDirectory
    public let hub: any NotificationHub
    let metrics = APIMetrics()
    let ids = EventIDs()

    /// Builds the lab's parts; throws `NotImplemented` if the lab cannot make them yet.
    public init(configuration: APIConfiguration, lab: any APILab, sink: any EventSink) throws {
        self.configuration = configuration
        self.lab = lab
        directory = try lab.makeUserDirectory(configuration.users,
                                              sink: try lab.makeBoundedSink(sink, maxInFlight: configuration.maxInFlight))
        hub = try lab.makeNotificationHub(bufferSize: configuration.notificationBuffer)
    }

    /// Milliseconds since the epoch.
    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Passivates idle user actors every half idle period, until cancelled.
    public func passivateIdleActors() async {
        let period = Duration.milliseconds(max(configuration.users.idleAfterMs / 2, 100))
        while !Task.isCancelled {
            try? await Task.sleep(for: period)
            _ = try? await directory.passivateIdle(now: Self.now)
        }
    }

    /// A body's events, admitted by the lab: each an event or its issues.
    func admit(_ bodies: [ArraySlice<UInt8>]) throws -> [Admission] {
        let now = Self.now
        let first = ids.reserve(bodies.count)
        return try bodies.enumerated().map { offset, body in
            try lab.admit(Array(body), assigningID: ids.id(first + UInt64(offset)), now: now)
        }
    }

    /// Submits one request's admitted events to the directory; one
    /// submission per event, in order.
    func submit(_ events: [ChirpEvent]) async throws -> [Submission] {
        let answers = try await directory.submit(events, now: Self.now)
        guard answers.count == events.count else { throw SubmissionCountMismatch(submitted: events.count, answered: answers.count) }
        return answers
    }
}

/// Ids for events that come without one: `api-<random per process>-<counter>`,
/// unique across restarts without a UUID's cost per event.
final class EventIDs: Sendable {
    private let prefix = "api-" + String(UInt64.random(in: 1...UInt64.max), radix: 16) + "-"
    private let next = NIOLockedValueBox<UInt64>(1)

    /// Reserves `count` numbers; returns the first.
    func reserve(_ count: Int) -> UInt64 {
        next.withLockedValue { value in
            defer { value += UInt64(count) }
            return value
        }
    }

    func id(_ number: UInt64) -> String { prefix + String(number) }
}
