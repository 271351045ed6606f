import Contracts
import LabKit

extension NotebookSuite {
    /// Step 5: markdown cells.
    static let markdownStep = Step<any NotebookLab>(
        5, "Markdown cells: HTML, safe to show",
        file: "Labs/Notebook/MarkdownRenderer.swift", function: "MarkdownRenderer.html, sanitize",
        hints: [
            "html: MarkdownParser().html(from: source) is Ink's whole job (import Ink); then sanitize the result.",
            "sanitize with NSRegularExpression, options [.caseInsensitive, .dotMatchesLineSeparators]: remove <script …>…</script> (and style, iframe, object, embed) elements; remove attributes matching \\s+on[a-z]+\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+); replace javascript: URLs in href/src with #.",
        ],
        reading: "Labs/Notebook/README.md#step-5-markdown-cells"
    ) { lab, _ in
        let html = try attempt("renderMarkdown") { try lab.renderMarkdown("# Trending now\n\nThe *top* hashtags, from `trending`:\n\n- swift\n- kafka\n") }
        for piece in ["<h1>Trending now</h1>", "<em>top</em>", "<code>trending</code>", "<li>swift</li>", "<li>kafka</li>"] {
            try expect(html.contains(piece), "renderMarkdown(…) should contain \(piece); got \(html)")
        }
        let unsafe = try lab.renderMarkdown("""
            Hello <script>alert("x")</script> there.

            <img src="chart.png" onerror="alert(1)"> <a href="javascript:alert(2)">click</a> [link](https://chirp.example)

            <SCRIPT type="text/javascript">
            steal()
            </SCRIPT>
            """)
        for bad in ["<script", "alert(\"x\")", "onerror", "javascript:", "steal()"] {
            try expect(!unsafe.lowercased().contains(bad.lowercased()), "renderMarkdown must not keep \(bad) (a notebook is opened by others); got \(unsafe)")
        }
        for kept in ["Hello", "there.", "<img src=\"chart.png\"", "https://chirp.example", ">click</a>"] {
            try expect(unsafe.contains(kept), "renderMarkdown should keep the safe parts, such as \(kept); got \(unsafe)")
        }
    }
}
