import Contracts
import Foundation
import LabKit

/// A pretend disk for the group-commit check: appends are instant, a sync
/// takes a while and makes durable what was appended when it started.
actor PretendDisk {
    var appended: Int64 = 0
    var durable: Int64 = 0
    var syncs = 0
    var failNext = false

    func append() -> Int64 {
        appended += 1
        return appended
    }

    func sync() async throws -> Int64 {
        syncs += 1
        let target = appended
        if failNext {
            failNext = false
            throw CheckFailure("disk on fire")
        }
        try await Task.sleep(for: .milliseconds(15))
        durable = max(durable, target)
        return target
    }

    func setFailNext() { failNext = true }
}

extension LogSuite {
    /// Step 6: many waiters share few syncs; nobody returns before their data is durable.
    static let groupCommitStep = Step<any LogLab>(
        6, "Durability by group commit",
        file: "Labs/Log/GroupCommit.swift", function: "waitDurable(upTo:)",
        hints: [
            "If offset <= durable, return at once. Otherwise park the caller: withCheckedThrowingContinuation { waiters.append((offset, $0)) }, and if no sync is running, start the sync loop.",
            "The sync loop: while anyone waits, durable = try await sync(); resume every waiter whose offset <= durable; keep the others for the next round. Calls that arrive during a sync wait for the next one: that is the group.",
            "If sync throws, resume every waiter with the error (continuation.resume(throwing:)) and end the loop, so the next caller starts a fresh one.",
        ],
        reading: "Labs/Log/README.md#step-6-durability-by-group-commit"
    ) { lab, _ in
        let disk = PretendDisk()
        let commit = lab.makeGroupCommit { try await disk.sync() }
        try await commit.waitDurable(upTo: 0)
        try expectEqual(await disk.syncs, 0, "syncs after waitDurable(upTo: 0): nothing to wait for")
        let early = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    let offset = await disk.append()
                    try await commit.waitDurable(upTo: offset)
                    return await disk.durable >= offset
                }
            }
            var early = 0
            for try await durable in group where !durable { early += 1 }
            return early
        }
        try expectEqual(early, 0, "callers that returned before a sync covered their offset")
        let syncs = await disk.syncs
        try expect(syncs >= 1 && syncs <= 20,
                   "200 concurrent callers caused \(syncs) syncs: they should share them (a handful), not sync one by one")
        // A caller that arrives while a sync runs is not covered by it: it waits for the next one.
        let first = await disk.append()
        let syncsBefore = await disk.syncs
        async let firstReturned: Void = commit.waitDurable(upTo: first)
        for _ in 0..<5_000 where await disk.syncs == syncsBefore { try await Task.sleep(for: .milliseconds(1)) }
        let late = await disk.append()  // after the sync took its target: it covers up to `first` only
        try await commit.waitDurable(upTo: late)
        try expect(await disk.durable >= late,
                   "waitDurable(upTo: \(late)) returned after a sync that covered only up to \(first) (it began before \(late) was appended): resume only the waiters whose offset <= what sync() returned, keep the others for the next sync")
        try await firstReturned
        await disk.setFailNext()
        let offset = await disk.append()
        do {
            try await commit.waitDurable(upTo: offset)
            throw CheckFailure("waitDurable returned normally although its sync failed: the error must reach the caller")
        } catch let error as CheckFailure where error.message == "disk on fire" {}
        try await commit.waitDurable(upTo: offset)
        try expect(await disk.durable >= offset, "after a failed sync, the next waitDurable should sync again")
    }
}
