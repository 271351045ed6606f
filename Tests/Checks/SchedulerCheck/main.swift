// `make check LAB=scheduler`: the scheduler lab's suite against either track.
import Contracts
import LabKit
import SchedulerSolution
import SchedulerStarter
import SchedulerSuite

await LabRunner(lab: SchedulerSuite.lab, tracks: [
    "starter": { SchedulerStarter.SchedulerToolkit() },
    "solution": { SchedulerSolution.SchedulerToolkit() },
]).main()
