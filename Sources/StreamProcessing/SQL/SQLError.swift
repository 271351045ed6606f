/// A SQL statement that cannot run: what is wrong, and where in the text.
public struct SQLError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, in words for the person who wrote the query.
    public var message: String
    /// Character offset in the statement where the problem is; nil when it is not about one place.
    public var position: Int?
    /// The statement, to point into.
    public var statement: String?

    public init(_ message: String, at position: Int? = nil, in statement: String? = nil) {
        self.message = message
        self.position = position
        self.statement = statement
    }

    /// The message, and when it has a place, the statement's line with a caret under it.
    public var description: String {
        guard let position, let statement else { return "SQL error: \(message)" }
        let characters = Array(statement)
        let at = min(position, characters.count)
        var lineStart = at
        while lineStart > 0 && characters[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = at
        while lineEnd < characters.count && characters[lineEnd] != "\n" { lineEnd += 1 }
        let line = String(characters[lineStart..<lineEnd])
        let lineNumber = characters[..<lineStart].filter { $0 == "\n" }.count + 1
        return "SQL error at line \(lineNumber), column \(at - lineStart + 1): \(message)\n  \(line)\n  "
            + String(repeating: " ", count: at - lineStart) + "^"
    }
}
