import CQLProtocol
import Foundation

/// Per-connection state the query layer may change (USE sets the keyspace).
///
/// One session per client connection; requests of a connection run
/// concurrently, so the fields are guarded by a lock.
public final class CQLSession: @unchecked Sendable {
    private let lock = NSLock()
    private var currentKeyspace: String?
    /// The client's address, `host:port`, for logs.
    public let remoteAddress: String

    /// A session with no keyspace chosen yet.
    public init(keyspace: String? = nil, remoteAddress: String = "unknown") {
        currentKeyspace = keyspace
        self.remoteAddress = remoteAddress
    }

    /// The keyspace unqualified table names resolve in, or nil before any USE.
    /// The server also sets it when a request returns `.setKeyspace`.
    public var keyspace: String? {
        get { lock.withLock { currentKeyspace } }
        set { lock.withLock { currentKeyspace = newValue } }
    }
}

/// The query layer behind a `CQLServer`: runs the statements clients send.
///
/// Throw a `CQLError` to answer with an ERROR of that code (the connection
/// stays usable); any other error is answered as a server error (0x0000)
/// with its description.
public protocol QueryHandling: Sendable {
    /// Runs a QUERY: a statement text with its parameters.
    func query(_ cql: String, parameters: QueryParameters, session: CQLSession) async throws -> ResultMessage
    /// Prepares a statement; returns a `.prepared` result.
    func prepare(_ cql: String, session: CQLSession) async throws -> ResultMessage
    /// Runs a prepared statement by its id; an unknown id is `CQLError.unprepared(id:)`.
    func execute(id: [UInt8], parameters: QueryParameters, session: CQLSession) async throws -> ResultMessage
    /// Runs a BATCH of statements.
    func batch(_ batch: BatchMessage, session: CQLSession) async throws -> ResultMessage
}
