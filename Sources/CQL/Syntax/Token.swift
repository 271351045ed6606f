/// One lexical token of a CQL statement, with where it starts.
struct Token: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// An unquoted identifier or keyword; `text` as written.
        case identifier
        /// A `"quoted"` identifier; `value` holds it unescaped.
        case quotedIdentifier
        /// A `'string'` or `$$string$$`; `value` holds it unescaped.
        case string
        case integer
        case float
        /// `0x...`; `value` holds the hex digits.
        case hex
        case uuid
        /// Punctuation and operators: `( ) , ; . * = != < <= > >= [ ] { } : ? + - += -=`.
        case symbol
        case end
    }

    var kind: Kind
    /// The token as written.
    var text: String
    /// Its value: unescaped for strings and quoted identifiers, else `text`.
    var value: String
    var line: Int
    var column: Int

    /// How the token reads in an error message.
    var shown: String {
        kind == .end ? "the end of the statement" : "'\(text)'"
    }

    func isKeyword(_ keyword: String) -> Bool {
        kind == .identifier && text.caseInsensitiveEquals(keyword)
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
