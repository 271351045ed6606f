import Contracts

/// The notebook lab: the notebook file, batch SQL, charts, live views and
/// markdown. Each step is in a file of its own; start with NotebookFile.swift.
public struct NotebookToolkit: NotebookLab {
    public init() {}

    public func readNotebook(_ json: JSONValue) throws -> Notebook {
        try NotebookFile.read(json)
    }

    public func writeNotebook(_ notebook: Notebook) throws -> JSONValue {
        try NotebookFile.write(notebook)
    }

    public func runBatch(_ sql: String, over tables: [DataTable], in database: any SQLDatabase) throws -> DataTable {
        try BatchQuery.run(sql, over: tables, in: database)
    }

    public func renderChart(_ chart: ChartSpec, _ table: DataTable) throws -> String {
        try ChartRenderer.svg(chart, table)
    }

    public func makeLiveView(_ spec: LiveViewSpec) throws -> any LiveView {
        LiveTable(spec)
    }

    public func renderMarkdown(_ source: String) throws -> String {
        try MarkdownRenderer.html(source)
    }
}
