// `make check LAB=log`: the log lab's suite against either track.
import Contracts
import LabKit
import LogSolution
import LogStarter
import LogSuite

await LabRunner(lab: LogSuite.lab, tracks: [
    "starter": { LogStarter.LogToolkit() },
    "solution": { LogSolution.LogToolkit() },
]).main()
