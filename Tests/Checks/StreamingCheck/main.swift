// `make check LAB=streaming`: the streaming lab's suite against either track.
import Contracts
import LabKit
import StreamingSolution
import StreamingStarter
import StreamingSuite

await LabRunner(lab: StreamingSuite.lab, tracks: [
    "starter": { StreamingStarter.StreamingToolkit() },
    "solution": { StreamingSolution.StreamingToolkit() },
]).main()
