import Contracts
import Foundation

/// Which query wrote a checkpoint directory: its `metadata` file, as Spark
/// Structured Streaming keeps one in its `checkpointLocation`. A checkpoint
/// holds open windows and source positions; restored into another job, over
/// another source or with other windows, they would mean something else (a
/// 10 s window's count read as a minute's), so such a run is refused instead
/// of silently producing wrong results. Other options (top K, the spam
/// threshold, allowed lateness) may change between runs.
struct CheckpointMetadata: Codable, Equatable {
    /// The job: `trending`, `spam`, `window-topk`…
    var job: String
    /// What it reads: a topic or an input file.
    var source: String
    var window: WindowSpec

    static let fileName = "metadata"

    /// Checks `self` against the directory's metadata when a checkpoint there
    /// will be restored, and records it otherwise (or when it is missing).
    func check(in directory: URL, restoring: Bool) throws {
        let url = directory.appendingPathComponent(Self.fileName)
        if restoring, let data = try? Data(contentsOf: url), let written = try? JSONDecoder().decode(Self.self, from: data) {
            guard written == self else {
                throw StreamJobError.usage("""
                    the checkpoints in \(directory.path) were written by \(written); this run is \(self). \
                    Restoring them would give wrong results. Run with another checkpoint directory, or delete \
                    this one (and the job's output) to start over.
                    """)
            }
            return
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

extension CheckpointMetadata: CustomStringConvertible {
    var description: String { "the \(job) job over \(source) with \(window) windows" }
}
