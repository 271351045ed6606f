import CQL
import CQLClient
import Contracts
import Foundation
import KafkaClient
import Mesos
import StreamProcessing
import StreamingSolution

/// The audit: events accepted by the API = records in the log = events
/// counted by a streaming query over the log = rows in the store. Any
/// difference is a failure, with the lost or duplicated event ids.
///
/// One difference is not a failure, and is reported: a record twice in the
/// log whose event was sent again after an attempt with an unknown outcome
/// (its API or the broker was killed before it answered). Delivery into the
/// log is at-least-once; the event id makes it exactly-once downstream (the
/// store's primary key; a distinct count).
struct DemoAudit {
    /// The ids the API acknowledged (2xx).
    var accepted: Set<String>
    /// Ids sent again after an attempt whose outcome is unknown.
    var uncertain: Set<String>
    /// Ids never acknowledged in time (the load gave up on them).
    var abandoned: Set<String>
    var logRecords: Int
    /// How many records of the log hold each id.
    var logCounts: [String: Int]
    var streamingRecords: Int
    var streamingIDs: Int
    var storeIDs: Set<String>

    var logIDs: Set<String> { Set(logCounts.keys) }
    var duplicated: [String] { logCounts.filter { $0.value > 1 }.map(\.key).sorted() }
    var unexplainedDuplicates: [String] { duplicated.filter { !uncertain.contains($0) } }
    var lost: Set<String> { accepted.subtracting(logIDs).union(accepted.subtracting(storeIDs)) }
    /// Sent with an unknown outcome and never accepted afterwards (a retry
    /// was refused): each may or may not be in the log, and either is right.
    var maybe: Set<String> { uncertain.subtracting(accepted) }
    var unacknowledged: Set<String> { logIDs.union(storeIDs).subtracting(accepted).subtracting(maybe) }

    var balanced: Bool {
        lost.isEmpty && unacknowledged.isEmpty && abandoned.isEmpty && unexplainedDuplicates.isEmpty
            && logIDs.subtracting(maybe) == accepted && storeIDs == logIDs
            && streamingRecords == logRecords && streamingIDs == logIDs.count
    }

    var report: String {
        func ids(_ set: some Collection<String>) -> String {
            set.sorted().prefix(20).joined(separator: ", ") + (set.count > 20 ? " … (\(set.count))" : "")
        }
        let retried = accepted.intersection(uncertain).count
        var lines = [
            "audit: accepted by the API  \(accepted.count)" + (retried == 0 ? "" : " (\(retried) sent again after an attempt with an unknown outcome)"),
            "       records in the log    \(logRecords) (\(logIDs.count) distinct ids)",
            "       counted by streaming  \(streamingRecords) (\(streamingIDs) distinct ids)",
            "       rows in the store     \(storeIDs.count)",
        ]
        let explained = duplicated.count - unexplainedDuplicates.count
        if explained > 0 {
            lines.append("       \(logRecords - logIDs.count) extra records in the log, of \(explained) events sent again after their first answer was lost"
                         + " (at-least-once into the log; the store, keyed by id, holds each once)")
        }
        let maybeInLog = maybe.intersection(logIDs).count
        if maybeInLog > 0 {
            lines.append("       \(maybeInLog) events in the log that the client never heard a yes for: the answer was lost, and a retry was refused (429)")
        }
        if !lost.isEmpty { lines.append("       LOST (acknowledged, missing from the log or the store): \(ids(lost))") }
        if !unacknowledged.isEmpty { lines.append("       in the log or the store, never acknowledged: \(ids(unacknowledged))") }
        if !unexplainedDuplicates.isEmpty { lines.append("       DUPLICATED in the log (answered once, written twice): \(ids(unexplainedDuplicates))") }
        if !abandoned.isEmpty { lines.append("       never acknowledged (the load gave up after retrying): \(ids(abandoned))") }
        if storeIDs.count != logIDs.count, lost.isEmpty, unacknowledged.isEmpty {
            lines.append("       the store and the log hold different ids")
        }
        lines.append(balanced ? "audit: BALANCED: every accepted event is in the log and in the store, once by id" : "audit: NOT BALANCED")
        return lines.joined(separator: "\n")
    }

    /// Audits this run: the events whose ids start with `prefix`, in the log after `since`.
    /// `loadEnded`: when the load stopped, to say how long the persist job took to catch up.
    static func run(plan: DemoPlan, load: DemoLoad.Progress.Tally, since: [TopicPartition: Int64], prefix: String,
                    loadEnded: ContinuousClock.Instant) async throws -> DemoAudit {
        // The persist job catches up (it may lag far behind a fast load): wait
        // until its group has committed the log's end (it commits only once the
        // store took the rows), or its lag stands still for 15 s. Only then
        // read the log and the store: reading a million records meanwhile
        // would take the CPU the catching up needs, and lengthen it.
        var lag = Int.max
        var lastProgress = ContinuousClock.now
        while ContinuousClock.now - lastProgress < .seconds(15) {
            let now = (try? await LogProbe.persistLag(plan.kafka)) ?? lag
            if now < lag { lastProgress = .now }
            lag = now
            if lag == 0 {
                say(String(format: "audit: the persist job caught up %.1f s after the load ended", (ContinuousClock.now - loadEnded) / .seconds(1)))
                break
            }
            say("audit: the persist job has \(lag) events left to write to the store; waiting")
            try await Task.sleep(for: .seconds(1))
        }
        let (records, counts) = try await logContents(plan.kafka, from: since, prefix: prefix)
        var options = SQLJob.Options(statement: "SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM chirps WHERE id LIKE '\(prefix)%'")
        options.bootstrapServers = [plan.kafka]
        var counted = (records: 0, ids: 0)
        _ = try await SQLJob(lab: StreamingSolution.StreamingToolkit(), options: options).run(header: { _ in }, rows: { rows in
            if let row = rows.last, row.count == 2, case .int(let n) = row[0], case .int(let ids) = row[1] {
                counted = (Int(n), Int(ids))
            }
        })
        let ids = Set(counts.keys)
        // The store's ids, once: a full scan, seconds of the store's time at a million rows.
        var store: Set<String>?
        // The store may be restarting (chaos): try again for a while.
        try? await waitUntil("the store's ids", seconds: 10) {
            store = try? await storeIDs(plan.cql, prefix: prefix)
            return store != nil
        }
        say("audit: the store holds \(store?.count ?? 0) of \(ids.count) events" + (store == nil ? " (it did not answer)" : ""))
        return DemoAudit(accepted: load.accepted, uncertain: load.uncertain, abandoned: load.abandoned.subtracting(load.accepted),
                         logRecords: records, logCounts: counts, streamingRecords: counted.records, streamingIDs: counted.ids,
                         storeIDs: store ?? [])
    }

    /// The chirps topic's end offset, per partition.
    static func logOffsets(_ kafka: String) async throws -> [TopicPartition: Int64] {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [kafka]))
        defer { Task { await consumer.close() } }
        return try await consumer.assignAtEnd(of: "chirps")
    }

    /// The chirps topic's end offsets, summed: records ever appended.
    static func logEnd(_ kafka: String) async throws -> Int {
        Int(try await logOffsets(kafka).values.reduce(0, +))
    }

    /// The records of the chirps topic after `start` (per partition) whose
    /// event id starts with `prefix` (this run's): how many, and how many
    /// hold each id.
    static func logContents(_ kafka: String, from start: [TopicPartition: Int64], prefix: String) async throws -> (Int, [String: Int]) {
        let ends = try await logOffsets(kafka)
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [kafka]))
        let partitions = Array(ends.keys)
        await consumer.assign(partitions)
        for partition in partitions { try await consumer.seek(partition, to: .offset(start[partition] ?? 0)) }
        var records = 0
        var ids: [String: Int] = [:]
        var idle = 0
        do {
            while await !consumer.hasReached(ends), idle < 20 {
                let batch = try await consumer.poll()
                idle = batch.isEmpty ? idle + 1 : 0
                for record in batch {
                    guard let value = record.value, let event = try? ChirpEvent(json: value), event.id.hasPrefix(prefix) else { continue }
                    records += 1
                    ids[event.id, default: 0] += 1
                }
            }
            guard await consumer.hasReached(ends) else {
                throw DemoError("the audit's read of the log stopped short: the broker sent nothing for 20 polls before its end offsets")
            }
        } catch {
            await consumer.close()
            throw error
        }
        await consumer.close()
        return (records, ids)
    }

    /// How many rows the store's chirp.events has (once the persist job made it; else throws). A full scan.
    static func storeCount(_ cql: String) async throws -> Int {
        let connection = try await CQLConnection.connect(address: cql)
        defer { Task { await connection.close() } }
        let rows = try await connection.select("SELECT COUNT(*) FROM chirp.events")
        guard let cell = rows.rows.first?.first ?? nil, case .bigint(let count)? = try? CQLValue.deserialize(cell, as: .bigint) else {
            throw DemoError("the store answered COUNT(*) without a count")
        }
        return Int(count)
    }

    /// The ids in the store's chirp.events (those starting with `prefix`).
    static func storeIDs(_ cql: String, prefix: String = "") async throws -> Set<String> {
        let connection = try await CQLConnection.connect(address: cql)
        var ids: Set<String> = []
        do {
            for try await page in connection.pages("SELECT id FROM chirp.events") {
                for row in page.rows {
                    if let cell = row.first ?? nil, case .text(let id)? = try? CQLValue.deserialize(cell, as: .text), id.hasPrefix(prefix) { ids.insert(id) }
                }
            }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return ids
    }
}
