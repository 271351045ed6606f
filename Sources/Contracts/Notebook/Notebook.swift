/// A notebook: ordered cells and their outputs, as Jupyter's `.ipynb`
/// (nbformat 4) holds them.
public struct Notebook: Equatable, Sendable {
    public var cells: [NotebookCell]
    /// The notebook's metadata (kernelspec, language_info, …), kept as it came.
    public var metadata: [String: JSONValue]
    public var nbformat: Int
    public var nbformatMinor: Int

    public init(cells: [NotebookCell], metadata: [String: JSONValue] = [:], nbformat: Int = 4, nbformatMinor: Int = 5) {
        self.cells = cells
        self.metadata = metadata
        self.nbformat = nbformat
        self.nbformatMinor = nbformatMinor
    }
}

/// One cell: markdown (text), code (here: a query) or raw.
public struct NotebookCell: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case markdown, code, raw
    }

    /// Its id (nbformat 4.5: 1–64 of letters, digits, - and _).
    public var id: String
    public var kind: Kind
    /// Its text, lines joined with "\n".
    public var source: String
    public var metadata: [String: JSONValue]
    /// How many cells had run in the session when this one last ran (code cells; nil before it ran).
    public var executionCount: Int?
    /// What it showed when it last ran (code cells).
    public var outputs: [CellOutput]

    public init(id: String, kind: Kind, source: String, metadata: [String: JSONValue] = [:],
                executionCount: Int? = nil, outputs: [CellOutput] = []) {
        self.id = id
        self.kind = kind
        self.source = source
        self.metadata = metadata
        self.executionCount = executionCount
        self.outputs = outputs
    }
}

/// One output of a code cell, as nbformat's output types.
public enum CellOutput: Equatable, Sendable {
    /// `display_data`: the same thing in several forms, by MIME type
    /// (`text/html`, `image/svg+xml`, `text/plain` as strings; `application/json` as JSON).
    case display(data: [String: JSONValue], metadata: [String: JSONValue])
    /// `stream`: text written to `stdout` or `stderr`.
    case stream(name: String, text: String)
    /// `error`: what failed (`ename`), why (`evalue`) and where (`traceback`).
    case error(name: String, value: String, traceback: [String])
}

/// Thrown when a notebook file is not a notebook: says where and what.
public struct NotebookFormatError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Where in the document, e.g. `cells[2].cell_type`.
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
