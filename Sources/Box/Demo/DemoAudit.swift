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
struct DemoAudit {
    var accepted: Int
    var logRecords: Int
    var logIDs: Set<String>
    var streamingCount: Int
    var storeIDs: Set<String>

    var balanced: Bool {
        accepted == logRecords && logRecords == logIDs.count && streamingCount == logRecords && storeIDs == logIDs
    }

    var report: String {
        var lines = [
            "audit: accepted by the API  \(accepted)",
            "       records in the log    \(logRecords) (\(logIDs.count) distinct ids)",
            "       counted by streaming  \(streamingCount)",
            "       rows in the store     \(storeIDs.count)",
        ]
        let missing = logIDs.subtracting(storeIDs), extra = storeIDs.subtracting(logIDs)
        if !missing.isEmpty { lines.append("       in the log, not in the store: \(missing.sorted().prefix(20).joined(separator: ", "))") }
        if !extra.isEmpty { lines.append("       in the store, not in the log: \(extra.sorted().prefix(20).joined(separator: ", "))") }
        if logRecords > logIDs.count { lines.append("       the log holds \(logRecords - logIDs.count) duplicate records") }
        lines.append(balanced ? "audit: BALANCED: every accepted event is in the log once and in the store once" : "audit: NOT BALANCED")
        return lines.joined(separator: "\n")
    }

    static func run(plan: DemoPlan, accepted: Int) async throws -> DemoAudit {
        let (records, ids) = try await logContents(plan.kafka)
        var options = SQLJob.Options(statement: "SELECT COUNT(*) AS n FROM chirps")
        options.bootstrapServers = [plan.kafka]
        var counted = 0
        _ = try await SQLJob(lab: StreamingSolution.StreamingToolkit(), options: options).run(header: { _ in }, rows: { rows in
            if case .int(let n)? = rows.last?.first { counted = Int(n) }
        })
        // The persist job catches up: wait while the store keeps growing (it
        // may lag far behind a fast load), until it matches the log or
        // stands still for 15 s.
        var store: Set<String> = []
        var lastGrowth = ContinuousClock.now
        while ContinuousClock.now - lastGrowth < .seconds(15) {
            let now = (try? await storeIDs(plan.cql)) ?? store
            if now.count > store.count { lastGrowth = ContinuousClock.now }
            store = now
            if store == ids { break }
            say("audit: the store has \(store.count) of \(ids.count) events; waiting for the persist job")
            try await Task.sleep(for: .seconds(1))
        }
        return DemoAudit(accepted: accepted, logRecords: records, logIDs: ids, streamingCount: counted, storeIDs: store)
    }

    /// The chirps topic's end offsets, summed: records ever appended.
    static func logEnd(_ kafka: String) async throws -> Int {
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [kafka]))
        defer { Task { await consumer.close() } }
        let partitions = try await consumer.partitions(of: "chirps")
        await consumer.assign(partitions)
        try await consumer.seek(to: .end)
        var total = 0
        for partition in partitions { total += Int(await consumer.position(of: partition) ?? 0) }
        return total
    }

    /// Every record of the chirps topic: how many, and their event ids.
    static func logContents(_ kafka: String) async throws -> (Int, Set<String>) {
        let end = try await logEnd(kafka)
        let consumer = try KafkaConsumer(configuration: ConsumerConfiguration(bootstrapServers: [kafka]))
        let partitions = try await consumer.partitions(of: "chirps")
        await consumer.assign(partitions)
        try await consumer.seek(to: .beginning)
        var records = 0
        var ids: Set<String> = []
        var idle = 0
        while records < end && idle < 20 {
            let batch = try await consumer.poll()
            idle = batch.isEmpty ? idle + 1 : 0
            for record in batch {
                records += 1
                if let value = record.value, let event = try? ChirpEvent(json: value) { ids.insert(event.id) }
            }
        }
        await consumer.close()
        return (records, ids)
    }

    /// How many rows the store's chirp.events has (the status line: a count, not every id).
    static func storeCount(_ cql: String) async throws -> Int {
        let parts = cql.split(separator: ":")
        let connection = try await CQLConnection.connect(host: String(parts[0]), port: Int(parts[1])!)
        defer { Task { await connection.close() } }
        let rows = try await connection.select("SELECT COUNT(*) FROM chirp.events")
        guard let cell = rows.rows.first?.first ?? nil, case .bigint(let count)? = try? CQLValue.deserialize(cell, as: .bigint) else {
            throw DemoError("the store answered COUNT(*) without a count")
        }
        return Int(count)
    }

    /// The ids in the store's chirp.events.
    static func storeIDs(_ cql: String) async throws -> Set<String> {
        let parts = cql.split(separator: ":")
        let connection = try await CQLConnection.connect(host: String(parts[0]), port: Int(parts[1])!)
        var ids: Set<String> = []
        do {
            for try await page in connection.pages("SELECT id FROM chirp.events") {
                for row in page.rows {
                    if let cell = row.first ?? nil, case .text(let id)? = try? CQLValue.deserialize(cell, as: .text) { ids.insert(id) }
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

/// A status line every second while the load runs.
enum DemoStatus {
    static func run(plan: DemoPlan, marathon: Marathon) async {
        var previous: Int?
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let tasks = await marathon.taskList
            let running = tasks.filter { $0.state == "TASK_RUNNING" }.count
            guard !Task.isCancelled, let end = try? await DemoAudit.logEnd(plan.kafka) else { continue }
            let stored = (try? await DemoAudit.storeCount(plan.cql)) ?? 0
            guard !Task.isCancelled else { return }
            let perSecond = previous.map { end - $0 } ?? 0
            previous = end
            say("status: tasks \(running)/\(tasks.count) running · log end \(end) (+\(perSecond)/s) · store rows \(stored) · persist lag \(max(end - stored, 0))")
        }
    }
}
