/// Splits a request body of several events into one slice per event, without
/// decoding them (each goes to the lab's `admit` as it came).
enum BatchBody {
    /// The body's items: the elements of a JSON array (each a JSON object),
    /// or with `ndjson` the non-blank lines; else the problem to answer.
    static func items(_ body: [UInt8], ndjson: Bool) -> Result<[ArraySlice<UInt8>], Problem> {
        let items: [ArraySlice<UInt8>]
        if ndjson {
            items = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).filter { $0.contains { !isSpace($0) } }
        } else {
            guard let first = body.firstIndex(where: { !isSpace($0) }), body[first] == UInt8(ascii: "["),
                  let elements = arrayElements(body, from: first) else {
                return .failure(.badRequest("the body must be a JSON array of events (or NDJSON, one event per line, with Content-Type application/x-ndjson)"))
            }
            if let index = elements.firstIndex(where: { $0.first != UInt8(ascii: "{") }) {
                return .failure(.badRequest("item \(index) of the array is not a JSON object (an event)"))
            }
            items = elements
        }
        return items.isEmpty ? .failure(.badRequest("the batch holds no events")) : .success(items)
    }

    /// The top-level elements of the JSON array starting at `start`, by
    /// tracking strings and nesting; nil if the brackets do not close.
    static func arrayElements(_ body: [UInt8], from start: Int) -> [ArraySlice<UInt8>]? {
        var elements: [ArraySlice<UInt8>] = []
        var depth = 0, inString = false, escaped = false
        var elementStart = start + 1
        var index = start + 1
        while index < body.count {
            let byte = body[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"):
                    guard depth > 0 else { return nil }
                    depth -= 1
                case UInt8(ascii: "]") where depth > 0: depth -= 1
                case UInt8(ascii: ","), UInt8(ascii: "]"):
                    guard depth == 0 else { break }
                    let element = trimmed(body[elementStart..<index])
                    if !element.isEmpty { elements.append(element) } else if byte == UInt8(ascii: ",") { return nil }
                    if byte == UInt8(ascii: "]") {
                        return body[(index + 1)...].allSatisfy(isSpace) ? elements : nil
                    }
                    elementStart = index + 1
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let first = slice.firstIndex(where: { !isSpace($0) }), let last = slice.lastIndex(where: { !isSpace($0) }) else { return [] }
        return slice[first...last]
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
