// `make check LAB=store`: the store lab's suite against either track.
import Contracts
import LabKit
import StoreSolution
import StoreStarter
import StoreSuite

await LabRunner(lab: StoreSuite.lab, tracks: [
    "starter": { StoreStarter.StoreToolkit() },
    "solution": { StoreSolution.StoreToolkit() },
]).main()
