/// Splits CQL text into tokens, skipping white space and `--`, `//` and
/// `/* */` comments.
struct CQLLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    /// Every token, ending with one `.end`.
    static func tokenize(_ text: String) throws(CQLSyntaxError) -> [Token] {
        var lexer = CQLLexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 0 } else { column += 1 }
        index += 1
    }

    private func error(_ message: String, line: Int, column: Int) -> CQLSyntaxError {
        CQLSyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipSpaceAndComments() throws(CQLSyntaxError) {
        while let c = peek() {
            if c.properties.isWhitespace {
                advance()
            } else if (c == "-" && peek(1) == "-") || (c == "/" && peek(1) == "/") {
                while let d = peek(), d != "\n" { advance() }
            } else if c == "/" && peek(1) == "*" {
                let (startLine, startColumn) = (line, column)
                advance(); advance()
                while !(peek() == "*" && peek(1) == "/") {
                    guard peek() != nil else { throw error("a /* comment is never closed with */", line: startLine, column: startColumn) }
                    advance()
                }
                advance(); advance()
            } else {
                return
            }
        }
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    static func isHex(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    /// Whether a UUID literal (8-4-4-4-12 hex digits) starts here.
    private func uuidAhead() -> Bool {
        for i in 0..<36 {
            guard let c = peek(i) else { return false }
            if [8, 13, 18, 23].contains(i) ? c != "-" : !Self.isHex(c) { return false }
        }
        if let after = peek(36), Self.isIdentifierPart(after) || after == "-" { return false }
        return true
    }

    private mutating func next() throws(CQLSyntaxError) -> Token {
        try skipSpaceAndComments()
        let (startLine, startColumn, start) = (line, column, index)
        func token(_ kind: Token.Kind, value: String? = nil) -> Token {
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[start..<index])
            return Token(kind: kind, text: String(text), value: value ?? String(text), line: startLine, column: startColumn)
        }
        guard let c = peek() else { return Token(kind: .end, text: "", value: "", line: line, column: column) }

        if uuidAhead() {
            for _ in 0..<36 { advance() }
            return token(.uuid)
        }
        if c == "0", let x = peek(1), x == "x" || x == "X" {
            advance(); advance()
            while let d = peek(), Self.isHex(d) { advance() }
            if let d = peek(), Self.isIdentifierPart(d) {
                throw error("'\(d)' is not a hex digit in the blob literal", line: line, column: column)
            }
            let text = token(.hex).text
            return token(.hex, value: String(text.dropFirst(2)))
        }
        if Self.isDigit(c) || (c == "-" && peek(1).map(Self.isDigit) == true) {
            return try number()
        }
        if Self.isIdentifierStart(c) {
            while let d = peek(), Self.isIdentifierPart(d) { advance() }
            return token(.identifier)
        }
        switch c {
        case "'":
            let value = try quoted(by: "'", what: "a string", line: startLine, column: startColumn)
            return token(.string, value: value)
        case "\"":
            let value = try quoted(by: "\"", what: "a name", line: startLine, column: startColumn)
            guard !value.isEmpty else { throw error("a quoted name cannot be empty", line: startLine, column: startColumn) }
            return token(.quotedIdentifier, value: String(value))
        case "$" where peek(1) == "$":
            advance(); advance()
            var value = String.UnicodeScalarView()
            while !(peek() == "$" && peek(1) == "$") {
                guard let d = peek() else { throw error("a string starting with $$ is never closed", line: startLine, column: startColumn) }
                value.append(d)
                advance()
            }
            advance(); advance()
            return token(.string, value: String(value))
        case "<", ">", "!", "+", "-":
            advance()
            if peek() == "=" { advance() } else if c == "!" {
                throw error("'!' must be followed by '=' (as in !=)", line: startLine, column: startColumn)
            }
            return token(.symbol)
        case "(", ")", ",", ";", ".", "*", "=", "[", "]", "{", "}", ":", "?":
            advance()
            return token(.symbol)
        default:
            throw error("unexpected character '\(c)'", line: startLine, column: startColumn)
        }
    }

    /// The text between `quote`s, a doubled quote standing for one.
    private mutating func quoted(by quote: Unicode.Scalar, what: String, line: Int, column: Int) throws(CQLSyntaxError) -> String {
        advance()
        var value = String.UnicodeScalarView()
        while true {
            guard let d = peek() else { throw error("\(what) starting with \(quote) is never closed", line: line, column: column) }
            advance()
            if d == quote {
                if peek() == quote { value.append(quote); advance(); continue }
                return String(value)
            }
            value.append(d)
        }
    }

    /// An integer or a float: `-12`, `1.5`, `1e10`, `-2.5E-3`.
    private mutating func number() throws(CQLSyntaxError) -> Token {
        let (startLine, startColumn, start) = (line, column, index)
        if peek() == "-" { advance() }
        while let d = peek(), Self.isDigit(d) { advance() }
        var isFloat = false
        if peek() == ".", let d = peek(1), Self.isDigit(d) {
            isFloat = true
            advance()
            while let d = peek(), Self.isDigit(d) { advance() }
        }
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if let d = peek(signed ? 2 : 1), Self.isDigit(d) {
                isFloat = true
                advance()
                if signed { advance() }
                while let d = peek(), Self.isDigit(d) { advance() }
            }
        }
        if let d = peek(), Self.isIdentifierPart(d) {
            throw CQLSyntaxError(line: line, column: column, message: "a number cannot be followed by '\(d)' (names start with a letter)")
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<index])
        return Token(kind: isFloat ? .float : .integer, text: String(text), value: String(text), line: startLine, column: startColumn)
    }
}
