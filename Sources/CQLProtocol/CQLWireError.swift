/// Bytes that are not a valid CQL frame or message, saying exactly what was
/// wrong and where, so a server can answer with a protocol error and close
/// the connection cleanly, and a client can report what the server sent.
public struct CQLWireError: Error, CustomStringConvertible, Hashable, Sendable {
    /// What was being read, e.g. `QUERY values[2]` or `frame body length`.
    public var field: String
    /// What was wrong with it, e.g. `needs 40 bytes, 12 left`.
    public var problem: String
    /// The stream id of the frame it came from, when the header was readable.
    public var stream: Int16?

    /// An error reading `field`: `problem`.
    public init(_ field: String, _ problem: String, stream: Int16? = nil) {
        self.field = field
        self.problem = problem
        self.stream = stream
    }

    public var description: String { "malformed \(field): \(problem)" }

    /// `field` ends before the `need` bytes it takes.
    public static func truncated(_ field: String, need: Int, have: Int) -> CQLWireError {
        CQLWireError(field, "needs \(need) bytes, \(have) left")
    }

    /// The same error, reported inside `outer` (e.g. `QUERY` + `values[1]`).
    func within(_ outer: String) -> CQLWireError {
        CQLWireError(field.isEmpty ? outer : "\(outer) \(field)", problem, stream: stream)
    }
}
