/// Why a request of a `CQLConnection` failed other than by the server's
/// ERROR answer (that one is thrown as the `CQLError` it carries).
public enum CQLClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The connection is closed (by `close()`, the server, or an error), with why.
    case connectionClosed(reason: String)
    /// No answer within the request timeout.
    case timedOut(after: Duration)
    /// The server answered with a message this request does not expect.
    case unexpectedResponse(String)

    public var description: String {
        switch self {
        case .connectionClosed(let reason): "CQL connection closed: \(reason)"
        case .timedOut(let after): "no answer from the CQL server within \(after)"
        case .unexpectedResponse(let what): "unexpected response: \(what)"
        }
    }
}
