import Contracts
import Foundation
import NotebookSolution
@testable import NotebookServer
import Testing

@Suite("Notebook server")
struct NotebookServerTests {
    @Test("a cell's SQL names its tables after FROM and JOIN")
    func tableNames() {
        #expect(DataSources.tableNames(in: "SELECT * FROM chirps c JOIN hashtags h ON c.id = h.id") == ["chirps", "hashtags"])
        #expect(DataSources.tableNames(in: "select a from \"odd name\" where b in (select b from chirps)") == ["odd name", "chirps"])
        #expect(DataSources.tableNames(in: "SELECT 1") == [])
    }

    @Test("the contents API keeps to its folder and saves what Jupyter would write")
    func contents() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("contents-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let contents = Contents(directory: directory, lab: NotebookToolkit())
        for bad in ["../x.ipynb", "a/../../x.ipynb", ".hidden.ipynb", "notes.txt", ""] {
            #expect(throws: Contents.Failure.self, "\(bad)") { try contents.file(bad) }
        }
        let notebook: JSONValue = ["nbformat": .integer(4), "nbformat_minor": .integer(5), "metadata": [:],
                                   "cells": .array([["cell_type": "markdown", "id": "a", "metadata": [:], "source": "# Hi\nthere"]])]
        let (created, _) = try contents.save("sub/n.ipynb", body: ["type": "notebook", "content": notebook])
        #expect(created)
        let text = try String(contentsOf: directory.appendingPathComponent("sub/n.ipynb"), encoding: .utf8)
        #expect(text.contains("\"source\": [\n    \"# Hi\\n\",\n    \"there\"\n   ]"))
        let model = try contents.model("sub/n.ipynb", content: true)
        guard case .object(let fields) = model, case .object(let content)? = fields["content"] else {
            Issue.record("no content in \(model)")
            return
        }
        #expect(content["nbformat_minor"] == .integer(5))
        #expect(throws: Contents.Failure.self) { try contents.save("bad.ipynb", body: ["type": "notebook", "content": ["nbformat": .integer(3)]]) }
    }

    @Test("table cells are escaped")
    func htmlTable() {
        let html = HTMLTable.render(DataTable(columns: ["<b>"], rows: [[.text("a & b")], [.null], [.integer(3)]]), limit: 2)
        #expect(html.contains("<th>&lt;b&gt;</th>") && html.contains("a &amp; b") && html.contains("3 rows, the first 2 shown"))
        #expect(!html.contains(">3<"))
    }

    @Test("markup escaping works on scalars: a combining mark cannot hide a < or a quote")
    func markupEscaping() {
        #expect("<a href=\"x\">&</a>".markupEscaped == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;")
        #expect("<\u{338}script>".markupEscaped == "&lt;\u{338}script&gt;")
        #expect("\"\u{301} onload=x".markupEscaped == "&quot;\u{301} onload=x")
        #expect("東京 🚀".markupEscaped == "東京 🚀")
    }
}
