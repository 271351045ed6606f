// `make check LAB=warmup`: the warm-up lab's suite against either track.
import Contracts
import LabKit
import WarmupSolution
import WarmupStarter
import WarmupSuite

await LabRunner(lab: WarmupSuite.lab, tracks: [
    "starter": { WarmupStarter.ChirpToolkit() },
    "solution": { WarmupSolution.ChirpToolkit() },
]).main()
