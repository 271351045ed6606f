extension CQLConnection {
    /// Connects to a store given as `HOST:PORT`, the way every command line
    /// in the box takes it (`--cql`, `--cassandra`).
    public static func connect(address: String, configuration: Configuration = Configuration()) async throws -> CQLConnection {
        let parts = address.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]) else { throw CQLAddressError(address: address) }
        return try await connect(host: String(parts[0]), port: port, configuration: configuration)
    }
}

/// A store address that is not `HOST:PORT`.
public struct CQLAddressError: Error, CustomStringConvertible {
    public let address: String
    public var description: String { "the store's address must be HOST:PORT, e.g. 127.0.0.1:9042 (got \"\(address)\")" }
}
