import Contracts
import Foundation
import LabKit

/// The streaming lab's steps, in order: the grader for `Labs/Streaming` and `Solutions/Streaming` alike.
public enum StreamingSuite {
    public static let lab = Lab<any StreamingLab>(
        name: "streaming",
        title: "Streaming: a Spark-Streaming-style stream processor",
        starterDirectory: "Labs/Streaming",
        steps: [operatorsStep, keyedStateStep, windowsStep, watermarkStep, topKStep, checkpointStep, batchStep])

    /// Ten seconds of event time, in milliseconds.
    static let tenSeconds: Int64 = 10_000

    /// A workload whose disorder stays within the watermark's bound: no event is late.
    static func orderlyWorkload(seed: UInt64) -> WorkloadConfig {
        var config = WorkloadConfig(seed: seed)
        config.hashtags = 200
        config.lateShare = 0
        config.maxDisorderMs = 2_000
        return config
    }

    /// Windows as a student reads them: `start: a=3 b=1`.
    static func brief(_ windows: [WindowState]) -> String {
        windows.isEmpty ? "no windows" : windows.map { window in
            "\(window.start): " + window.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }.joined(separator: "; ")
    }

    /// The first line where two texts differ, for messages.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, e.count) where i >= a.count || i >= e.count || a[i] != e[i] {
            let got = i < a.count ? "\"\(a[i])\"" : "nothing"
            let want = i < e.count ? "\"\(e[i])\"" : "nothing"
            return "line \(i + 1) is \(got), expected \(want) (\(a.count - 1) lines written, \(e.count - 1) expected)"
        }
        return "they are equal"
    }
}
