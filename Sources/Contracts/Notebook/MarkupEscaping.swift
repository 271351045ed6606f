extension String {
    /// The text made safe inside HTML or SVG (XML), as element content or a
    /// quoted attribute value: `&`, `<`, `>` and `"` become entities. It
    /// works on Unicode scalars, so a combining mark after `<` cannot hide it.
    public var markupEscaped: String {
        var escaped = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
            case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
            case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": escaped.append(contentsOf: "&quot;".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
