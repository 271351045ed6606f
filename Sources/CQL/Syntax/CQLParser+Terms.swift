import Foundation

extension CQLParser {
    /// A value: a literal, a collection or tuple literal, a function call or a bind marker.
    mutating func term() throws(CQLSyntaxError) -> Term {
        let token = current
        switch token.kind {
        case .string:
            advance()
            return .string(token.value)
        case .integer:
            advance()
            return .integer(token.text)
        case .float:
            advance()
            return .float(token.text)
        case .hex:
            advance()
            let digits = Array(token.value.utf8)
            guard digits.count % 2 == 0 else { throw error("the blob literal \(token.text) has an odd number of hex digits", at: token) }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(digits.count / 2)
            for i in stride(from: 0, to: digits.count, by: 2) {
                bytes.append(UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16)!)
            }
            return .blob(bytes)
        case .uuid:
            advance()
            guard let id = UUID(uuidString: token.text) else { throw error("\(token.text) is not a valid UUID", at: token) }
            return .uuid(id)
        case .identifier:
            if token.isKeyword("true") || token.isKeyword("false") {
                advance()
                return .boolean(token.isKeyword("true"))
            }
            if token.isKeyword("null") { advance(); return .null }
            if token.isKeyword("NaN") { advance(); return .float("NaN") }
            if token.isKeyword("Infinity") { advance(); return .float("Infinity") }
            if peek(1).isSymbol("(") {
                advance()
                let arguments = try parenthesized("the arguments of \(token.text)") { (p: inout CQLParser) throws(CQLSyntaxError) in
                    try p.term()
                }
                return .function(name: token.text.lowercased(), arguments: arguments)
            }
            throw error("expected a value but found \(token.shown) (a name is not a value: quote text as 'text')")
        case .symbol:
            if token.isSymbol("?") {
                advance()
                return .bindMarker(nextMarker(name: nil))
            }
            if token.isSymbol(":"), peek(1).kind == .identifier || peek(1).kind == .quotedIdentifier {
                advance()
                let nameToken = current
                advance()
                let name = nameToken.kind == .quotedIdentifier ? nameToken.value : nameToken.text.lowercased()
                return .bindMarker(nextMarker(name: name))
            }
            if token.isSymbol("-"), peek(1).isKeyword("Infinity") || peek(1).isKeyword("NaN") {
                advance()
                let value = current
                advance()
                return .float(value.isKeyword("NaN") ? "NaN" : "-Infinity")
            }
            if token.isSymbol("[") {
                advance()
                var elements: [Term] = []
                if !acceptSymbol("]") {
                    repeat { elements.append(try term()) } while acceptSymbol(",")
                    try expectSymbol("]", "to close the list literal")
                }
                return .list(elements)
            }
            if token.isSymbol("{") {
                advance()
                if acceptSymbol("}") { return .map([]) }
                let first = try term()
                if acceptSymbol(":") {
                    var entries = [Term.MapEntry(first, try term())]
                    while acceptSymbol(",") {
                        let key = try term()
                        try expectSymbol(":", "between a map key and its value")
                        entries.append(.init(key, try term()))
                    }
                    try expectSymbol("}", "to close the map literal")
                    return .map(entries)
                }
                var elements = [first]
                while acceptSymbol(",") { elements.append(try term()) }
                try expectSymbol("}", "to close the set literal")
                return .set(elements)
            }
            if token.isSymbol("(") {
                return .tuple(try parenthesized("the tuple's values") { (p: inout CQLParser) throws(CQLSyntaxError) in try p.term() })
            }
        default:
            break
        }
        throw error("expected a value but found \(token.shown)")
    }

    mutating func nextMarker(name: String?) -> BindMarker {
        defer { markerCount += 1 }
        return BindMarker(index: markerCount, name: name)
    }
}
