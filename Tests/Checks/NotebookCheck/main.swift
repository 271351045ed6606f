// `make check LAB=notebook`: the notebook lab's suite against either track.
import Contracts
import LabKit
import NotebookSolution
import NotebookStarter
import NotebookSuite

await LabRunner(lab: NotebookSuite.lab, tracks: [
    "starter": { NotebookStarter.NotebookToolkit() },
    "solution": { NotebookSolution.NotebookToolkit() },
]).main()
