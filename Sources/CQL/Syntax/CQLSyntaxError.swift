/// A statement that does not parse: where (line from 1, column from 0, as
/// Cassandra counts them) and what was expected, phrased for a person:
/// `line 1:12 expected FROM after the selected columns but found 'FORM'`.
/// The server answers it as a Syntax error (0x2000) with `description` as the message.
public struct CQLSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L:C message`.
    public var description: String { "line \(line):\(column) \(message)" }
}
