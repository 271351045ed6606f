import Contracts
import LabKit

/// The warm-up lab's steps, in order: the grader for `Labs/Warmup` and
/// `Solutions/Warmup` alike.
public enum WarmupSuite {
    public static let lab = Lab<any WarmupLab>(
        name: "warmup",
        title: "Warm-up: the Chirp event format",
        starterDirectory: "Labs/Warmup",
        steps: [entitiesStep, encodeStep, decodeStep, validateStep])

    /// Events from the shared workload, the same every run.
    static func sampleEvents(_ count: Int) -> [ChirpEvent] {
        Array(Workload(WorkloadConfig(seed: 2024)).prefix(count))
    }
}
