// `make check LAB=api`: the API lab's suite against either track.
import APISolution
import APIStarter
import APISuite
import Contracts
import LabKit

await LabRunner(lab: APISuite.lab, tracks: [
    "starter": { APIStarter.APIToolkit() },
    "solution": { APISolution.APIToolkit() },
]).main()
