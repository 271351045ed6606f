/// The error codes of an ERROR response (spec §9), with Cassandra's names.
public struct CQLErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Something unexpected happened: a server-side bug.
    public static let serverError = CQLErrorCode(rawValue: 0x0000)
    /// The client broke the protocol (bad frame, unsupported version, QUERY before STARTUP...).
    public static let protocolError = CQLErrorCode(rawValue: 0x000A)
    public static let badCredentials = CQLErrorCode(rawValue: 0x0100)
    /// Not enough replicas alive for the consistency level.
    public static let unavailable = CQLErrorCode(rawValue: 0x1000)
    public static let overloaded = CQLErrorCode(rawValue: 0x1001)
    public static let isBootstrapping = CQLErrorCode(rawValue: 0x1002)
    public static let truncateError = CQLErrorCode(rawValue: 0x1003)
    public static let writeTimeout = CQLErrorCode(rawValue: 0x1100)
    public static let readTimeout = CQLErrorCode(rawValue: 0x1200)
    public static let readFailure = CQLErrorCode(rawValue: 0x1300)
    public static let functionFailure = CQLErrorCode(rawValue: 0x1400)
    public static let writeFailure = CQLErrorCode(rawValue: 0x1500)
    /// The statement does not parse.
    public static let syntaxError = CQLErrorCode(rawValue: 0x2000)
    public static let unauthorized = CQLErrorCode(rawValue: 0x2100)
    /// The statement parses but cannot run (unknown table, wrong types...).
    public static let invalid = CQLErrorCode(rawValue: 0x2200)
    public static let configError = CQLErrorCode(rawValue: 0x2300)
    /// CREATE of a keyspace or table that exists.
    public static let alreadyExists = CQLErrorCode(rawValue: 0x2400)
    /// EXECUTE of an id this server does not know (the client re-prepares).
    public static let unprepared = CQLErrorCode(rawValue: 0x2500)

    private static let names: [Int32: String] = [
        0x0000: "Server error", 0x000A: "Protocol error", 0x0100: "Bad credentials", 0x1000: "Unavailable",
        0x1001: "Overloaded", 0x1002: "Is bootstrapping", 0x1003: "Truncate error", 0x1100: "Write timeout",
        0x1200: "Read timeout", 0x1300: "Read failure", 0x1400: "Function failure", 0x1500: "Write failure",
        0x2000: "Syntax error", 0x2100: "Unauthorized", 0x2200: "Invalid", 0x2300: "Config error",
        0x2400: "Already exists", 0x2500: "Unprepared",
    ]

    /// The spec's name and the code, e.g. `Invalid (0x2200)`.
    public var description: String {
        "\(Self.names[rawValue] ?? "Error") (0x\(String(rawValue, radix: 16, uppercase: true)))"
    }
}
