import Contracts
import Foundation

/// `window-topk` input made from the Chirp workload: one line per hashtag of
/// each post, in the order the workload produces them (so with its event-time
/// disorder), as JSON or CSV. Used by the tests, the benchmark and
/// `box stream --job generate`.
public enum HashtagInput {
    /// The first `count` hashtag events of the workload.
    public static func events(_ config: WorkloadConfig, count: Int) -> [HashtagEvent] {
        var workload = Workload(config)
        var events: [HashtagEvent] = []
        events.reserveCapacity(count)
        while events.count < count, let event = workload.next() {
            for tag in event.hashtags where events.count < count {
                events.append(HashtagEvent(userId: event.user, hashtag: tag, ts: event.ts))
            }
        }
        return events
    }

    /// One event as a line (with its newline).
    public static func line(_ event: HashtagEvent, format: InputFormat) -> String {
        switch format {
        case .json: "{\"user_id\":\(event.userId),\"hashtag\":\"\(event.hashtag)\",\"ts\":\(event.ts)}\n"
        case .csv: "\(event.userId),\(event.hashtag),\(event.ts)\n"
        }
    }

    /// Writes the first `count` hashtag events of the workload to `url`,
    /// streaming (constant memory whatever the count).
    public static func write(_ config: WorkloadConfig, count: Int, format: InputFormat, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var workload = Workload(config)
        var written = 0
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        while written < count, let event = workload.next() {
            for tag in event.hashtags where written < count {
                buffer += line(HashtagEvent(userId: event.user, hashtag: tag, ts: event.ts), format: format)
                written += 1
            }
            if buffer.utf8.count >= 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
    }

    /// The answer `window-topk` must give, by brute force: every event counted
    /// in its tumbling window, every window's counts fully sorted. Right when
    /// no event is late (its disorder stays within the watermark's bound).
    public static func bruteForceTopK(_ events: [HashtagEvent], window: Int64, top: Int) -> String {
        var windows: [Int64: [String: Int64]] = [:]
        for event in events {
            let remainder = event.ts % window
            let start = event.ts - (remainder < 0 ? remainder + window : remainder)
            windows[start, default: [:]][event.hashtag, default: 0] += 1
        }
        var text = ""
        for start in windows.keys.sorted() {
            let ranked = windows[start]!.map { RankedKey($0.key, $0.value) }.sorted(by: RankedKey.ranksBefore).prefix(top)
            for (rank, entry) in ranked.enumerated() { text += "\(start)\t\(rank + 1)\t\(entry.key)\t\(entry.count)\n" }
        }
        return text
    }
}
