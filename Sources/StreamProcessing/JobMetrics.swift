import Foundation
/// What a streaming job did: counts and timings, printed as it runs and at its end.
public struct JobMetrics: Sendable, CustomStringConvertible {
    public var job: String
    /// Records that reached the operators.
    public var events: Int64 = 0
    /// Input records that could not be read, skipped.
    public var malformed: Int64 = 0
    /// Events dropped because their windows had closed.
    public var late: Int64 = 0
    /// Windows emitted.
    public var windows: Int64 = 0
    /// Micro-batches completed in this run.
    public var batches: Int64 = 0
    public var watermark: Int64 = .min
    public var maxEventTime: Int64 = .min
    public var elapsed: Duration = .zero
    /// The checkpoint this run resumed from, if any.
    public var resumedFromBatch: Int64?
    /// True when the checkpoint said the job had already finished.
    public var finishedEarlier = false

    public init(job: String) { self.job = job }

    public var seconds: Double {
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }

    /// How far the watermark trails the newest event (ms).
    public var watermarkLag: Int64? {
        watermark == .min || maxEventTime == .min ? nil : maxEventTime - watermark
    }

    public var description: String {
        if finishedEarlier { return "\(job): already finished (checkpoint after batch \(resumedFromBatch ?? 0)); nothing to do" }
        var parts = ["\(job): \(events) events in \(String(format: "%.2f", seconds)) s (\(Int(eventsPerSecond)) events/s)",
                     "\(windows) windows", "\(malformed) malformed", "\(late) late"]
        if let lag = watermarkLag { parts.append("watermark lag \(lag) ms") }
        if let resumed = resumedFromBatch { parts.append("resumed after batch \(resumed)") }
        if let rss = PeakMemory.residentMiB { parts.append("peak RSS \(rss) MiB") }
        return parts.joined(separator: ", ")
    }
}
