import Contracts
import LabKit

/// The scheduler lab's steps, in order: the grader for `Labs/Scheduler` and `Solutions/Scheduler` alike.
public enum SchedulerSuite {
    public static let lab = Lab<any SchedulerLab>(
        name: "scheduler",
        title: "Scheduler: a Mesos-style two-level scheduler",
        starterDirectory: "Labs/Scheduler",
        steps: [resourcesStep, offersStep, drfStep, statusUpdatesStep, agentHealthStep])

    /// Resources from Mesos' text form (a typo here is the suite's bug, so it traps).
    static func r(_ text: String) -> Resources {
        try! Resources(parsing: text)
    }
}
