/// One token of a SQL statement.
struct SQLToken: Equatable {
    enum Kind: Equatable {
        /// A name or keyword; `quoted` for "double-quoted" names (case kept, never a keyword).
        case word(String, quoted: Bool)
        case integer(Int64)
        case decimal(Double)
        /// A 'single-quoted' string ('' inside is one quote).
        case string(String)
        /// Punctuation and operators: ( ) , ; * . = != <> < <= > >= + - / %
        case symbol(String)
        case end
    }

    var kind: Kind
    /// Character offset in the statement.
    var position: Int

    /// The upper-cased word, if this is an unquoted word (keywords are case-insensitive).
    var keyword: String? {
        if case .word(let w, quoted: false) = kind { w.uppercased() } else { nil }
    }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .word(let w, let quoted): quoted ? "\"\(w)\"" : w
        case .integer(let i): String(i)
        case .decimal(let d): String(d)
        case .string(let s): "'\(s)'"
        case .symbol(let s): s
        case .end: "the end of the statement"
        }
    }
}

/// Splits a statement into tokens, skipping spaces and `--` comments.
enum SQLLexer {
    static func tokens(_ statement: String) throws -> [SQLToken] {
        let chars = Array(statement)
        var tokens: [SQLToken] = []
        var i = 0
        func fail(_ message: String, _ at: Int) -> SQLError { SQLError(message, at: at, in: statement) }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            let start = i
            if c.isLetter || c == "_" {
                while i < chars.count && (chars[i].isLetter || chars[i].isNumber || chars[i] == "_") { i += 1 }
                tokens.append(SQLToken(kind: .word(String(chars[start..<i]), quoted: false), position: start))
            } else if c.isNumber {
                while i < chars.count && chars[i].isNumber { i += 1 }
                var isDecimal = false
                if i < chars.count && chars[i] == "." && i + 1 < chars.count && chars[i + 1].isNumber {
                    isDecimal = true
                    i += 1
                    while i < chars.count && chars[i].isNumber { i += 1 }
                }
                let text = String(chars[start..<i])
                if isDecimal {
                    tokens.append(SQLToken(kind: .decimal(Double(text)!), position: start))
                } else {
                    guard let value = Int64(text) else { throw fail("the number \(text) is too large", start) }
                    tokens.append(SQLToken(kind: .integer(value), position: start))
                }
            } else if c == "'" || c == "\"" {
                var text = ""
                i += 1
                while true {
                    guard i < chars.count else {
                        throw fail(c == "'" ? "this string has no closing quote (')" : "this name has no closing quote (\")", start)
                    }
                    if chars[i] == c {
                        if i + 1 < chars.count && chars[i + 1] == c { text.append(c); i += 2; continue }
                        i += 1
                        break
                    }
                    text.append(chars[i])
                    i += 1
                }
                tokens.append(SQLToken(kind: c == "'" ? .string(text) : .word(text, quoted: true), position: start))
            } else {
                let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
                if ["!=", "<>", "<=", ">="].contains(two) {
                    tokens.append(SQLToken(kind: .symbol(two == "<>" ? "!=" : two), position: start))
                    i += 2
                } else if "(),;*.=<>+-/%".contains(c) {
                    tokens.append(SQLToken(kind: .symbol(String(c)), position: start))
                    i += 1
                } else {
                    throw fail("unexpected character \"\(c)\"", start)
                }
            }
        }
        tokens.append(SQLToken(kind: .end, position: chars.count))
        return tokens
    }
}
