import Contracts
import LabKit

extension NotebookSuite {
    /// Step 1: .ipynb read and written.
    static let notebookFileStep = Step<any NotebookLab>(
        1, "The notebook file: .ipynb (nbformat 4) read and written",
        file: "Labs/Notebook/NotebookFile.swift", function: "NotebookFile.read, write, lines",
        hints: [
            "read: object(json, at: \"the notebook\") gives the top fields. Check nbformat is .integer(4) and nbformat_minor an integer; cells must be an .array. For each cell at index i, report errors at \"cells[i].field\".",
            "A cell's source (and a stream's text, and text/… or image/svg+xml data) may be one string or a list of strings: text(_:at:) joins either. A cell without \"id\" gets \"cell-\\(index)\"; an id that is not 1–64 letters, digits, - or _ is an error at cells[i].id.",
            "Outputs by output_type: display_data and execute_result → .display(data:metadata:); stream → .stream(name:text:); error → .error(name: ename, value: evalue, traceback:).",
            "write: an .object with cells, metadata, nbformat 4, nbformat_minor 5. A markdown cell has id, cell_type, metadata, source; a code cell also execution_count (.null when nil) and outputs. Every multi-line text is written as lines(text): each line keeps its \"\\n\", and \"\" is [].",
        ],
        reading: "Labs/Notebook/README.md#step-1-the-notebook-file-ipynb-nbformat-4-read-and-written"
    ) { lab, _ in
        try expectEqual(try attempt("lines") { try lab.writeNotebook(Notebook(cells: [NotebookCell(id: "a", kind: .markdown, source: "one\ntwo\n\nthree")])) },
                        json(#"{"cells":[{"cell_type":"markdown","id":"a","metadata":{},"source":["one\n","two\n","\n","three"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#),
                        "writeNotebook(one markdown cell \"one\\ntwo\\n\\nthree\")")
        try expectEqual(try lab.writeNotebook(Notebook(cells: [NotebookCell(id: "a", kind: .markdown, source: "last line ends\n")])),
                        json(#"{"cells":[{"cell_type":"markdown","id":"a","metadata":{},"source":["last line ends\n"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#),
                        "writeNotebook(one markdown cell \"last line ends\\n\") (as splitlines(keepends=True): no empty line after the last \\n)")
        let old = json(#"""
            {"nbformat": 4, "nbformat_minor": 2, "metadata": {"kernelspec": {"name": "chirp"}},
             "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": ["# Trending\n", "now"]},
              {"cell_type": "code", "metadata": {"collapsed": false}, "execution_count": 3, "source": "SELECT 1",
               "outputs": [
                {"output_type": "display_data", "metadata": {}, "data": {"text/html": ["<b>1</b>\n", "<i>2</i>"], "application/json": {"n": 1},
                                                                     "image/svg+xml": ["<svg>\n", "</svg>"]}},
                {"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": "1"}},
                {"output_type": "stream", "name": "stderr", "text": ["slow\n"]},
                {"output_type": "error", "ename": "SQLError", "evalue": "no such table: x", "traceback": ["at line 1"]}]},
              {"cell_type": "code", "metadata": {}, "execution_count": null, "source": [], "outputs": []}]}
            """#)
        let expected = Notebook(cells: [
            NotebookCell(id: "cell-0", kind: .markdown, source: "# Trending\nnow"),
            NotebookCell(id: "cell-1", kind: .code, source: "SELECT 1", metadata: ["collapsed": .bool(false)], executionCount: 3, outputs: [
                .display(data: ["text/html": .string("<b>1</b>\n<i>2</i>"), "application/json": .object(["n": .integer(1)]),
                                 "image/svg+xml": .string("<svg>\n</svg>")], metadata: [:]),
                .display(data: ["text/plain": .string("1")], metadata: [:]),
                .stream(name: "stderr", text: "slow\n"),
                .error(name: "SQLError", value: "no such table: x", traceback: ["at line 1"]),
            ]),
            NotebookCell(id: "cell-2", kind: .code, source: ""),
        ], metadata: ["kernelspec": .object(["name": .string("chirp")])], nbformat: 4, nbformatMinor: 2)
        let read = try attempt("readNotebook") { try lab.readNotebook(old) }
        try expectEqual(read.cells.count, 3, "readNotebook(a notebook of 3 cells): the number of cells")
        for (index, cell) in expected.cells.enumerated() {
            try expectEqual(read.cells[index], cell, "readNotebook(…).cells[\(index)]")
        }
        try expectEqual(read, expected, "readNotebook(an nbformat 4.2 notebook: no cell ids, sources as lists, four kinds of output)")

        let written = try attempt("writeNotebook") { try lab.writeNotebook(read) }
        let text = written.notebookText()
        for piece in [#""nbformat_minor": 5"#, #""id": "cell-1""#, #""execution_count": null"#, #""output_type": "display_data""#,
                      "\"text/html\": [\n       \"<b>1</b>\\n\",\n       \"<i>2</i>\"\n      ]", #""ename": "SQLError""#, #""source": []"#] {
            try expect(text.contains(piece), "writeNotebook(…) should contain \(piece.debugDescription); it wrote:\n\(text)")
        }
        // Where nbformat keeps multi-line text it goes out as lines (an SVG too), and every display keeps its metadata.
        func output(_ index: Int) -> [String: JSONValue] {
            guard case .object(let root) = written, case .array(let cells)? = root["cells"], cells.count == 3,
                  case .object(let cell) = cells[1], case .array(let outputs)? = cell["outputs"], outputs.count == 4,
                  case .object(let fields) = outputs[index] else { return [:] }
            return fields
        }
        try expectEqual(output(2)["text"], .array([.string("slow\n")]),
                        "writeNotebook(…): the stream output's text (as lines(text), like a cell's source)")
        try expectEqual(output(0)["metadata"], .object([:]), "writeNotebook(…): the display_data output's metadata (nbformat requires it, even empty)")
        guard case .object(let data)? = output(0)["data"] else { throw CheckFailure("writeNotebook(…): the display_data output has no data object: \(output(0))") }
        try expectEqual(data["image/svg+xml"], .array([.string("<svg>\n"), .string("</svg>")]), "writeNotebook(…): the display's image/svg+xml (as lines(text))")
        try expect(!text.contains("execute_result"), "writeNotebook writes every display as display_data (this notebook keeps no execute_result)")
        var current = read
        current.nbformatMinor = 5
        try expectEqual(try lab.readNotebook(written), current, "readNotebook(writeNotebook(n)) (a notebook reopens identically)")
        try expectEqual(try lab.writeNotebook(try lab.readNotebook(written)).notebookText(), text, "writing a reopened notebook again (the same bytes)")

        // Each broken file is valid nbformat except for the one field at fault.
        let code = #""metadata": {}, "execution_count": null, "outputs": []"#
        for (document, path) in [(#"{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "cells": []}"#, "nbformat"),
                                 (#"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": ""}, {"cell_type": "python", "id": "b", "metadata": {}, "source": ""}]}"#, "cells[1].cell_type"),
                                 (#"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "id": "a", "source": 7, \#(code)}]}"#, "cells[0].source"),
                                 (#"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "id": "no spaces", "source": "", \#(code)}]}"#, "cells[0].id"),
                                 (#"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "id": "a", "source": "", "metadata": {}, "execution_count": null, "outputs": [{"output_type": "pdf"}]}]}"#, "cells[0].outputs[0].output_type")] {
            let error = try expectError("readNotebook(\(document)) (it should fail at \(path))") { try lab.readNotebook(json(document)) }
            try expect((error as? NotebookFormatError)?.path == path,
                       "readNotebook(\(document)) should throw NotebookFormatError at \(path), got \(error)")
        }
    }
}
