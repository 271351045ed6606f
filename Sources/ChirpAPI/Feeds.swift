import Contracts
import Foundation
import KafkaClient

/// The reactive loop's inputs: Kafka topics the API follows.
///
/// - `moderation`: spam verdicts from the streaming job, e.g.
///   `{"user":42,"verdict":"throttle"}` (also `"block"`, `"allow"`; a
///   throttle may name `"eventsPerSecond"` and `"burst"`), applied to the
///   user's actor. Read from the beginning, so a restarted API knows them all.
/// - `notifications`: `{"user":42,"kind":"mention","text":"…","ts":…}`,
///   pushed to the user's connected clients. Read from the end: only new ones.
///
/// A dropped connection is retried, waiting as the lab's `backoff` says.
public struct Feeds: Sendable {
    public let service: APIService
    public let bootstrapServers: [String]

    public init(service: APIService, bootstrapServers: [String]) {
        self.service = service
        self.bootstrapServers = bootstrapServers
    }

    /// Follows the moderation topic until cancelled.
    public func followModeration(topic: String = "moderation") async {
        await follow(topic: topic, from: .beginning) { value in
            guard let verdict = Self.verdict(value, throttle: service.configuration.throttle) else { return }
            try await service.directory.moderate(verdict, now: APIService.now)
        }
    }

    /// Follows the notifications topic until cancelled.
    public func followNotifications(topic: String = "notifications") async {
        await follow(topic: topic, from: .end) { value in
            guard let notification = Self.notification(value, now: APIService.now) else { return }
            try await service.hub.publish(notification)
        }
    }

    /// A notification from one record: `user` and `text` needed, `kind`
    /// ("notification") and `ts` (now) optional.
    static func notification(_ value: [UInt8], now: Int64) -> ChirpNotification? {
        guard let fields = try? JSONValue.parseObject(value),
              case .integer(let user)? = fields["user"], case .string(let text)? = fields["text"] else { return nil }
        var kind = "notification"
        if case .string(let named)? = fields["kind"], !named.isEmpty { kind = named }
        var ts = now
        if case .integer(let at)? = fields["ts"] { ts = at }
        return ChirpNotification(user: user, kind: kind, text: text, ts: ts)
    }

    /// A verdict from one moderation record; nil if it is not one.
    static func verdict(_ value: [UInt8], throttle: RateLimit) -> ModerationVerdict? {
        guard let fields = try? JSONValue.parseObject(value),
              case .integer(let user)? = fields["user"], case .string(let verdict)? = fields["verdict"] else { return nil }
        switch verdict {
        case "allow": return ModerationVerdict(user: user, action: .allow)
        case "block": return ModerationVerdict(user: user, action: .block)
        case "throttle":
            var limit = throttle
            if case .integer(let rate)? = fields["eventsPerSecond"] { limit.eventsPerSecond = Double(rate) }
            if case .number(let rate)? = fields["eventsPerSecond"] { limit.eventsPerSecond = rate }
            if case .integer(let burst)? = fields["burst"] { limit.burst = Int(burst) }
            return ModerationVerdict(user: user, action: .throttle(limit))
        default: return nil
        }
    }

    /// Reads every partition of `topic` and hands each record's value to
    /// `handle`; on an error starts over after a backoff (resuming where it was).
    private func follow(topic: String, from start: SeekPosition, handle: @Sendable ([UInt8]) async throws -> Void) async {
        var positions: [TopicPartition: Int64] = [:]
        var attempt = 0
        while !Task.isCancelled {
            do {
                var configuration = ConsumerConfiguration(bootstrapServers: bootstrapServers)
                configuration.maxWait = .milliseconds(200)
                let consumer = try KafkaConsumer(configuration: configuration)
                defer { Task { await consumer.close() } }
                let partitions = try await consumer.partitions(of: topic)
                await consumer.assign(partitions)
                for partition in partitions {
                    try await consumer.seek(partition, to: positions[partition].map { .offset($0) } ?? start)
                }
                while !Task.isCancelled {
                    for record in try await consumer.poll() {
                        attempt = 0
                        if let value = record.value { try? await handle(value) }
                        positions[record.topicPartition] = record.offset + 1
                    }
                }
            } catch {
                attempt += 1
                let wait = (try? service.lab.backoff(attempt: attempt, BackoffPolicy(), random: Double.random(in: 0..<1))) ?? .seconds(1)
                try? await Task.sleep(for: wait)
            }
        }
    }
}
