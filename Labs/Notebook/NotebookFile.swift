import Contracts

/// Step 1: Jupyter's `.ipynb` (nbformat 4), read and written.
enum NotebookFile {
    /// The notebook in `json`, or the first thing wrong with it (a
    /// `NotebookFormatError` whose path names the field, e.g. `cells[2].cell_type`).
    /// A cell without an id (nbformat before 4.5) gets "cell-<index>".
    static func read(_ json: JSONValue) throws -> Notebook {
        throw NotImplemented(step: 1)
    }

    /// The notebook as nbformat 4.5 JSON: `cells`, `metadata`, `nbformat` 4,
    /// `nbformat_minor` 5; each cell with `id`, `cell_type`, `metadata`,
    /// `source` (and for code cells `execution_count`, `outputs`); multi-line
    /// texts as lists of lines, as Jupyter writes them.
    static func write(_ notebook: Notebook) throws -> JSONValue {
        throw NotImplemented(step: 1)
    }

    /// Python's `text.splitlines(keepends=True)` for "\n" line ends: "a\nb" → ["a\n", "b"], "" → [].
    static func lines(_ text: String) throws -> JSONValue {
        throw NotImplemented(step: 1)
    }

    // Given: reading helpers.

    /// A multi-line text: a string, or a list of strings to join.
    static func text(_ json: JSONValue, at path: String) throws -> String {
        switch json {
        case .string(let text): return text
        case .array(let parts):
            return try parts.map { part -> String in
                guard case .string(let line) = part else { throw NotebookFormatError(path, "must be a string or a list of strings") }
                return line
            }.joined()
        default: throw NotebookFormatError(path, "must be a string or a list of strings")
        }
    }

    /// The fields of a JSON object, or an error saying `path` must be one.
    static func object(_ json: JSONValue, at path: String) throws -> [String: JSONValue] {
        guard case .object(let fields) = json else { throw NotebookFormatError(path, "must be an object") }
        return fields
    }
}
