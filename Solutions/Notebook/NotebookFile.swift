import Contracts

/// Step 1: Jupyter's `.ipynb` (nbformat 4), read and written.
enum NotebookFile {
    /// The notebook in `json`, or the first thing wrong with it.
    static func read(_ json: JSONValue) throws -> Notebook {
        let root = try object(json, at: "the notebook")
        guard case .integer(4)? = root["nbformat"] else { throw NotebookFormatError("nbformat", "must be 4 (this reads nbformat 4 notebooks)") }
        guard case .integer(let minor)? = root["nbformat_minor"] else { throw NotebookFormatError("nbformat_minor", "must be an integer") }
        let metadata = try object(root["metadata"] ?? .object([:]), at: "metadata")
        guard case .array(let items)? = root["cells"] else { throw NotebookFormatError("cells", "must be an array") }
        var cells: [NotebookCell] = []
        for (index, item) in items.enumerated() {
            cells.append(try cell(item, at: "cells[\(index)]", index: index))
        }
        return Notebook(cells: cells, metadata: metadata, nbformat: 4, nbformatMinor: Int(minor))
    }

    /// The notebook as nbformat 4.5 JSON: every cell with its id, multi-line
    /// texts as lists of lines (as Jupyter writes them).
    static func write(_ notebook: Notebook) throws -> JSONValue {
        .object([
            "cells": .array(try notebook.cells.map(write)),
            "metadata": .object(notebook.metadata),
            "nbformat": .integer(4),
            "nbformat_minor": .integer(Int64(max(notebook.nbformatMinor, 5))),
        ])
    }

    private static func write(_ cell: NotebookCell) throws -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(cell.id), "cell_type": .string(cell.kind.rawValue),
            "metadata": .object(cell.metadata), "source": try lines(cell.source),
        ]
        if cell.kind == .code {
            fields["execution_count"] = cell.executionCount.map { .integer(Int64($0)) } ?? .null
            fields["outputs"] = .array(try cell.outputs.map(write))
        }
        return .object(fields)
    }

    private static func write(_ output: CellOutput) throws -> JSONValue {
        switch output {
        case .display(let data, let metadata):
            var bundle: [String: JSONValue] = [:]
            for (mime, value) in data {
                if case .string(let text) = value, mime.hasPrefix("text/") || mime == "image/svg+xml" || mime == "application/javascript" {
                    bundle[mime] = try lines(text)
                } else {
                    bundle[mime] = value
                }
            }
            return .object(["output_type": "display_data", "data": .object(bundle), "metadata": .object(metadata)])
        case .stream(let name, let text):
            return .object(["output_type": "stream", "name": .string(name), "text": try lines(text)])
        case .error(let name, let value, let traceback):
            return .object(["output_type": "error", "ename": .string(name), "evalue": .string(value),
                            "traceback": .array(traceback.map(JSONValue.string))])
        }
    }

    /// Python's `text.splitlines(keepends=True)` for "\n" line ends: "a\nb" → ["a\n", "b"], "" → [].
    static func lines(_ text: String) throws -> JSONValue {
        var result: [JSONValue] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                result.append(.string(current))
                current = ""
            }
        }
        if !current.isEmpty { result.append(.string(current)) }
        return .array(result)
    }

    private static func cell(_ json: JSONValue, at path: String, index: Int) throws -> NotebookCell {
        let fields = try object(json, at: path)
        guard case .string(let type)? = fields["cell_type"], let kind = NotebookCell.Kind(rawValue: type) else {
            throw NotebookFormatError("\(path).cell_type", "must be \"markdown\", \"code\" or \"raw\"")
        }
        var id = "cell-\(index)"
        if let given = fields["id"] {
            guard case .string(let text) = given, !text.isEmpty, text.count <= 64,
                  text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw NotebookFormatError("\(path).id", "must be 1 to 64 letters, digits, - or _")
            }
            id = text
        }
        let source = try text(fields["source"] ?? .string(""), at: "\(path).source")
        let metadata = try object(fields["metadata"] ?? .object([:]), at: "\(path).metadata")
        var cell = NotebookCell(id: id, kind: kind, source: source, metadata: metadata)
        guard kind == .code else { return cell }
        switch fields["execution_count"] ?? .null {
        case .null: cell.executionCount = nil
        case .integer(let count): cell.executionCount = Int(count)
        default: throw NotebookFormatError("\(path).execution_count", "must be an integer or null")
        }
        guard case .array(let outputs) = fields["outputs"] ?? .array([]) else {
            throw NotebookFormatError("\(path).outputs", "must be an array")
        }
        for (number, output) in outputs.enumerated() {
            cell.outputs.append(try self.output(output, at: "\(path).outputs[\(number)]"))
        }
        return cell
    }

    private static func output(_ json: JSONValue, at path: String) throws -> CellOutput {
        let fields = try object(json, at: path)
        switch fields["output_type"] {
        case .string("display_data")?, .string("execute_result")?:
            let data = try object(fields["data"] ?? .object([:]), at: "\(path).data")
            var bundle: [String: JSONValue] = [:]
            for (mime, value) in data {
                if case .array = value { bundle[mime] = .string(try text(value, at: "\(path).data.\(mime)")) } else { bundle[mime] = value }
            }
            return .display(data: bundle, metadata: try object(fields["metadata"] ?? .object([:]), at: "\(path).metadata"))
        case .string("stream")?:
            guard case .string(let name)? = fields["name"] else { throw NotebookFormatError("\(path).name", "must be a string") }
            return .stream(name: name, text: try text(fields["text"] ?? .string(""), at: "\(path).text"))
        case .string("error")?:
            guard case .string(let name)? = fields["ename"], case .string(let value)? = fields["evalue"] else {
                throw NotebookFormatError(path, "an error output needs ename and evalue strings")
            }
            guard case .array(let lines)? = fields["traceback"] else { throw NotebookFormatError("\(path).traceback", "must be an array") }
            return .error(name: name, value: value, traceback: lines.compactMap { if case .string(let s) = $0 { s } else { nil } })
        default:
            throw NotebookFormatError("\(path).output_type", "must be display_data, execute_result, stream or error")
        }
    }

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
