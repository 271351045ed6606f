import Foundation

/// The API lab: the actor-based core of an ingest API (Akka's role).
///
/// The given HTTP server (`Sources/ChirpAPI`, Hummingbird 2) authenticates a
/// request, reads its body and hands it to the lab: `admit` turns it into an
/// event or the fields at fault (400); the user directory gives each active
/// user an actor that numbers, rate-limits (429) and publishes the user's
/// events through a bounded sink (503 when the log is slow) and answers only
/// after the log acknowledged them (202). The directory supervises the
/// actors, passivates idle ones and applies moderation verdicts; the
/// notification hub fans notifications out to connected clients.
/// Starter: `Labs/API`; reference: `Solutions/API`.
public protocol APILab: Sendable {
    /// Step 1: the event `body` (a JSON object) holds, with `id` and `ts`
    /// filled in when absent, or every field that is wrong.
    func admit(_ body: [UInt8], assigningID id: String, now: Int64) throws -> Admission

    /// Step 2: a full token bucket for `limit`, at time `now` (ms).
    func makeTokenBucket(_ limit: RateLimit, now: Int64) throws -> any TokenBucket

    /// Step 3 (supervision in step 5, moderation in step 6): the directory of
    /// user actors, publishing accepted events to `sink`.
    func makeUserDirectory(_ configuration: UserDirectoryConfiguration, sink: any EventSink) throws -> any UserDirectory

    /// Step 4: `sink` with at most `maxInFlight` events in it at once; beyond
    /// that `publish` throws `SinkOverloaded` at once instead of queueing.
    func makeBoundedSink(_ sink: any EventSink, maxInFlight: Int) throws -> any EventSink

    /// Step 5: the wait before retry number `attempt` (1, 2, …) under
    /// `policy`, with `random` in 0..<1 standing for the random draw.
    func backoff(attempt: Int, _ policy: BackoffPolicy, random: Double) throws -> Duration

    /// Step 6: a hub that delivers each user's notifications to that user's
    /// subscribers, keeping at most `bufferSize` undelivered ones per subscriber.
    func makeNotificationHub(bufferSize: Int) throws -> any NotificationHub
}
