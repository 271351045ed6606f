import Contracts
import Foundation
import Ink

/// Step 5: a markdown cell as HTML (Ink), made safe to show to anyone who
/// opens the notebook: raw HTML in markdown may not run code.
enum MarkdownRenderer {
    static func html(_ source: String) throws -> String {
        try sanitize(MarkdownParser().html(from: source))
    }

    /// Drops script, style and iframe elements, `on…=` event handler
    /// attributes and `javascript:` URLs.
    static func sanitize(_ html: String) throws -> String {
        var safe = html
        let rules: [(pattern: String, replacement: String)] = [
            (#"<(script|style|iframe|object|embed)\b[^>]*>.*?</\1\s*>"#, ""),
            (#"<(script|style|iframe|object|embed)\b[^>]*/?>"#, ""),
            (#"\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#, ""),
            (#"(href|src)\s*=\s*(["']?)\s*javascript:[^"'\s>]*\2"#, "$1=$2#$2"),
        ]
        for rule in rules {
            let regex = try! NSRegularExpression(pattern: rule.pattern, options: [.caseInsensitive, .dotMatchesLineSeparators])
            safe = regex.stringByReplacingMatches(in: safe, range: NSRange(safe.startIndex..., in: safe), withTemplate: rule.replacement)
        }
        return safe
    }
}
