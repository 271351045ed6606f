import Contracts
import Foundation
import Ink

/// Step 5: a markdown cell as HTML (Ink), made safe to show to anyone who
/// opens the notebook: raw HTML in markdown may not run code.
enum MarkdownRenderer {
    static func html(_ source: String) throws -> String {
        try sanitize(MarkdownParser().html(from: source))
    }

    /// Drops script, style, iframe, object and embed elements; inside every
    /// other tag, drops `on…` event handler attributes and neutralises URLs
    /// that would run code (`javascript:`, however it is spelled).
    static func sanitize(_ html: String) throws -> String {
        var safe = html.replacingMatches(of: #"<(script|style|iframe|object|embed)\b[^>]*>.*?</\1\s*>"#) { _ in "" }
        safe = safe.replacingMatches(of: #"<(script|style|iframe|object|embed)\b[^>]*/?>"#) { _ in "" }
        // A tag, quoted values and all (a `>` inside quotes does not end it).
        return try safe.replacingMatches(of: #"<[a-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>"#) { tag in
            // An attribute starts after a space, a `/` or a quote: `<img/onerror=…>` is one too.
            let quiet = tag.replacingMatches(of: #"(?<=[\s/"'])on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#) { _ in "" }
            return try quiet.replacingMatches(of: #"(?<=[\s/"'])(href|src|action|formaction|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#) { attribute in
                let value = attribute.drop { $0 != "=" }.dropFirst()
                return try runsCode(String(value)) ? attribute.prefix { $0 != "=" } + "=\"#\"" : attribute
            }
        }
    }

    /// Whether a URL, as the browser will read it (entities decoded, quotes,
    /// whitespace and control characters ignored), is a script.
    static func runsCode(_ value: String) throws -> Bool {
        var text = value.replacingMatches(of: #"&#(x[0-9a-f]+|[0-9]+);?"#) { entity in
            let digits = entity.dropFirst(2).prefix { $0 != ";" }
            let code = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return code.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
        }
        text = text.replacingOccurrences(of: "&colon;", with: ":", options: .caseInsensitive)
        let url = String(text.lowercased().unicodeScalars.filter { $0.value > 32 && $0 != "\"" && $0 != "'" })
        return url.hasPrefix("javascript:") || url.hasPrefix("vbscript:") || url.hasPrefix("data:text/html")
    }
}
