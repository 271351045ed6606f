import Contracts
import LabKit

/// The notebook lab's steps, in order: the grader for `Labs/Notebook` and `Solutions/Notebook` alike.
public enum NotebookSuite {
    public static let lab = Lab<any NotebookLab>(
        name: "notebook",
        title: "Notebook: a live web notebook",
        starterDirectory: "Labs/Notebook",
        steps: [notebookFileStep, batchStep, chartStep, liveStep, markdownStep])

    /// JSON text the suite wrote itself (a typo here is the suite's bug, so it traps).
    static func json(_ text: String) -> JSONValue {
        try! JSONValue.parse(Array(text.utf8))
    }
}
