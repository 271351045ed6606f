import Foundation

/// The notebook lab: the core of a Spark-Notebook-style live notebook.
///
/// The given server (`Sources/NotebookServer`: Hummingbird, the page, a
/// WebSocket per browser session, notebooks on disk, the data sources) calls
/// these: notebooks are read and written as Jupyter's `.ipynb`; a batch
/// cell's SQL runs in SQLite over rows pulled from the sources; a table with
/// a `-- chart:` line is drawn as SVG; a live cell (`EMIT CHANGES`) keeps a
/// view of the streaming query's rows and pushes frames; markdown cells
/// become HTML. Starter: `Labs/Notebook`; reference: `Solutions/Notebook`.
public protocol NotebookLab: Sendable {
    /// Step 1: a notebook from its `.ipynb` JSON (nbformat 4), or a
    /// `NotebookFormatError` naming the first thing wrong.
    func readNotebook(_ json: JSONValue) throws -> Notebook
    /// Step 1: the notebook as nbformat 4.5 JSON, as Jupyter writes it
    /// (sources and text outputs as lists of lines).
    func writeNotebook(_ notebook: Notebook) throws -> JSONValue

    /// Step 2: `sql` run in `database` over `tables` (each loaded as a table
    /// of its name first): the answer's columns and rows.
    func runBatch(_ sql: String, over tables: [DataTable], in database: any SQLDatabase) throws -> DataTable

    /// Step 3: `table` drawn as `chart`: an SVG document with axes, ticks and labels.
    func renderChart(_ chart: ChartSpec, _ table: DataTable) throws -> String

    /// Step 4: an empty live view.
    func makeLiveView(_ spec: LiveViewSpec) throws -> any LiveView

    /// Step 5: a markdown cell as safe HTML (no scripts, no event handlers, no javascript: links).
    func renderMarkdown(_ source: String) throws -> String
}
