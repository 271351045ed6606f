import Contracts
import LabKit

extension NotebookSuite {
    /// Step 5: markdown cells.
    static let markdownStep = Step<any NotebookLab>(
        5, "Markdown cells: HTML, safe to show",
        file: "Labs/Notebook/MarkdownRenderer.swift", function: "MarkdownRenderer.html, sanitize, runsCode",
        hints: [
            "html: MarkdownParser().html(from: source) is Ink's whole job (import Ink); then sanitize the result.",
            "sanitize, first: with html.replacingMatches(of: pattern) { _ in \"\" } (given, in Contracts), remove <script …>…</script> elements (and style, iframe, object, embed): pattern <(script|style|iframe|object|embed)\\b[^>]*>.*?</\\1\\s*>, and the same without a closing tag.",
            "Then work tag by tag: replacingMatches(of: #\"<[a-z][^\\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>\"#) { tag in … } hands you each whole tag, quotes included, so a > inside a quoted value cannot end it early.",
            "Inside a tag, an attribute starts after a space, a / or a quote (<img/onerror=…> is an attribute too): drop (?<=[\\s/\"'])on[a-z]+\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+); for href, src, action, formaction and xlink:href, ask runsCode(value) and write name=\"#\" when it does.",
            "runsCode: decode &#NN; and &#xNN; entities (and &colon;), lowercase, drop every scalar <= 32 and the quotes, then check for javascript:, vbscript: or data:text/html at the start: jav&#x61;script: and \" java\\tscript:\" are both scripts to a browser.",
        ],
        reading: "Labs/Notebook/README.md#step-5-markdown-cells-html-safe-to-show"
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
        // The tricks that get past a sanitizer that looks for " on…=" and "javascript:" literally.
        let tricks = try lab.renderMarkdown("""
            <img/onerror=alert(3) src=x> <svg/onload=alert(4)></svg> <img alt=">" onerror="alert(5)">

            <a href="jav&#x61;script:alert(6)">a</a> <a href="&#106;avascript:alert(7)">b</a> <a href=" java	script:alert(8)">c</a>

            <form><button formaction="JavaScript:alert(9)">go</button></form> <a href="javascript&colon;alert(10)">d</a>

            <a href="vbscript:alert(11)">e</a> <iframe src="data:text/html,<script>alert(12)</script>"></iframe> <a href="DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=">f</a>

            <script src="https://evil.example/steal14.js">
            """)
        for bad in ["onerror", "onload", "alert(6)", "alert(7)", "alert(8)", "alert(9)", "alert(10)", "vbscript", "alert(12)",
                    "PHNjcmlwdD5", "steal14"] {
            try expect(!tricks.lowercased().contains(bad.lowercased()),
                       "renderMarkdown must not keep \(bad): a browser runs it, however the attribute or URL is spelled; got \(tricks)")
        }
        for kept in ["src=x", "<svg", ">a</a>", ">go</button>", "alt=\">\""] {
            try expect(tricks.contains(kept), "renderMarkdown should keep the safe parts, such as \(kept); got \(tricks)")
        }
        for kept in ["Hello", "there.", "<img src=\"chart.png\"", "https://chirp.example", ">click</a>"] {
            try expect(unsafe.contains(kept), "renderMarkdown should keep the safe parts, such as \(kept); got \(unsafe)")
        }
    }
}
