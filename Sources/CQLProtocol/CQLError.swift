import NIOCore

/// An error as the protocol carries it: the body of an ERROR response
/// (spec §4.2.1, §9). The query layer throws it and the server turns it
/// into an ERROR frame on the request's stream; the client throws it when
/// the server answers with one.
public struct CQLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The fields some codes carry after the message (spec §9).
    public enum Details: Hashable, Sendable {
        case unavailable(consistency: Consistency, required: Int32, alive: Int32)
        case writeTimeout(consistency: Consistency, received: Int32, blockFor: Int32, writeType: String)
        case readTimeout(consistency: Consistency, received: Int32, blockFor: Int32, dataPresent: Bool)
        case readFailure(consistency: Consistency, received: Int32, blockFor: Int32, failures: Int32, dataPresent: Bool)
        case functionFailure(keyspace: String, function: String, argumentTypes: [String])
        case writeFailure(consistency: Consistency, received: Int32, blockFor: Int32, failures: Int32, writeType: String)
        /// The table is empty when a keyspace exists.
        case alreadyExists(keyspace: String, table: String)
        /// The prepared id the server does not know.
        case unprepared(id: [UInt8])

        /// The code these details belong to.
        public var code: CQLErrorCode {
            switch self {
            case .unavailable: .unavailable
            case .writeTimeout: .writeTimeout
            case .readTimeout: .readTimeout
            case .readFailure: .readFailure
            case .functionFailure: .functionFailure
            case .writeFailure: .writeFailure
            case .alreadyExists: .alreadyExists
            case .unprepared: .unprepared
            }
        }

        /// Zeroed details of the shape `code` requires, or nil if it requires none.
        static func placeholder(for code: CQLErrorCode) -> Details? {
            switch code {
            case .unavailable: .unavailable(consistency: .one, required: 1, alive: 0)
            case .writeTimeout: .writeTimeout(consistency: .one, received: 0, blockFor: 1, writeType: "SIMPLE")
            case .readTimeout: .readTimeout(consistency: .one, received: 0, blockFor: 1, dataPresent: false)
            case .readFailure: .readFailure(consistency: .one, received: 0, blockFor: 1, failures: 1, dataPresent: false)
            case .functionFailure: .functionFailure(keyspace: "", function: "", argumentTypes: [])
            case .writeFailure: .writeFailure(consistency: .one, received: 0, blockFor: 1, failures: 1, writeType: "SIMPLE")
            case .alreadyExists: .alreadyExists(keyspace: "", table: "")
            case .unprepared: .unprepared(id: [])
            default: nil
            }
        }
    }

    public var code: CQLErrorCode
    public var message: String
    /// The code's extra fields; nil for codes without any. When they are
    /// missing or belong to another code, zeroed ones of the right shape are
    /// written, so the body always parses.
    public var details: Details?

    /// An error of `code` with `message` (and the code's extra fields, if it has any).
    public init(code: CQLErrorCode, message: String, details: Details? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// `Invalid (0x2200): unconfigured table chirps`.
    public var description: String { "\(code): \(message)" }

    /// A protocol error (0x000A).
    public static func protocolError(_ message: String) -> CQLError { CQLError(code: .protocolError, message: message) }
    /// A syntax error (0x2000).
    public static func syntaxError(_ message: String) -> CQLError { CQLError(code: .syntaxError, message: message) }
    /// An invalid request (0x2200).
    public static func invalid(_ message: String) -> CQLError { CQLError(code: .invalid, message: message) }
    /// A server error (0x0000).
    public static func serverError(_ message: String) -> CQLError { CQLError(code: .serverError, message: message) }
    /// Already exists (0x2400): `table` is empty for a keyspace.
    public static func alreadyExists(keyspace: String, table: String = "") -> CQLError {
        let what = table.isEmpty ? "keyspace \(keyspace)" : "table \(keyspace).\(table)"
        return CQLError(code: .alreadyExists, message: "Cannot add already existing \(what)",
                        details: .alreadyExists(keyspace: keyspace, table: table))
    }
    /// Unprepared (0x2500): the client should PREPARE again.
    public static func unprepared(id: [UInt8]) -> CQLError {
        let hex = id.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return CQLError(code: .unprepared, message: "Prepared query with ID \(hex) not found", details: .unprepared(id: id))
    }

    /// Writes `<code><message>` and the code's extra fields.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(code.rawValue)
        buffer.writeCQLString(message)
        let details = self.details?.code == code ? self.details : Details.placeholder(for: code)
        switch details {
        case nil: break
        case .unavailable(let consistency, let required, let alive)?:
            buffer.writeCQLConsistency(consistency)
            buffer.writeInteger(required)
            buffer.writeInteger(alive)
        case .writeTimeout(let consistency, let received, let blockFor, let writeType)?:
            buffer.writeCQLConsistency(consistency)
            buffer.writeInteger(received)
            buffer.writeInteger(blockFor)
            buffer.writeCQLString(writeType)
        case .readTimeout(let consistency, let received, let blockFor, let dataPresent)?:
            buffer.writeCQLConsistency(consistency)
            buffer.writeInteger(received)
            buffer.writeInteger(blockFor)
            buffer.writeInteger(UInt8(dataPresent ? 1 : 0))
        case .readFailure(let consistency, let received, let blockFor, let failures, let dataPresent)?:
            buffer.writeCQLConsistency(consistency)
            buffer.writeInteger(received)
            buffer.writeInteger(blockFor)
            buffer.writeInteger(failures)
            buffer.writeInteger(UInt8(dataPresent ? 1 : 0))
        case .functionFailure(let keyspace, let function, let argumentTypes)?:
            buffer.writeCQLString(keyspace)
            buffer.writeCQLString(function)
            buffer.writeCQLStringList(argumentTypes)
        case .writeFailure(let consistency, let received, let blockFor, let failures, let writeType)?:
            buffer.writeCQLConsistency(consistency)
            buffer.writeInteger(received)
            buffer.writeInteger(blockFor)
            buffer.writeInteger(failures)
            buffer.writeCQLString(writeType)
        case .alreadyExists(let keyspace, let table)?:
            buffer.writeCQLString(keyspace)
            buffer.writeCQLString(table)
        case .unprepared(let id)?:
            buffer.writeCQLShortBytes(id)
        }
    }

    /// Reads an ERROR body, with the extra fields its code carries.
    public static func read(from buffer: inout ByteBuffer) throws -> CQLError {
        let code = CQLErrorCode(rawValue: try buffer.readCQLInteger("code"))
        var error = CQLError(code: code, message: try buffer.readCQLString("message"))
        switch code {
        case .unavailable:
            error.details = .unavailable(consistency: try buffer.readCQLConsistency("consistency"),
                                         required: try buffer.readCQLInteger("required"),
                                         alive: try buffer.readCQLInteger("alive"))
        case .writeTimeout:
            error.details = .writeTimeout(consistency: try buffer.readCQLConsistency("consistency"),
                                          received: try buffer.readCQLInteger("received"),
                                          blockFor: try buffer.readCQLInteger("block for"),
                                          writeType: try buffer.readCQLString("write type"))
        case .readTimeout:
            error.details = .readTimeout(consistency: try buffer.readCQLConsistency("consistency"),
                                         received: try buffer.readCQLInteger("received"),
                                         blockFor: try buffer.readCQLInteger("block for"),
                                         dataPresent: try buffer.readCQLInteger("data present", as: UInt8.self) != 0)
        case .readFailure:
            error.details = .readFailure(consistency: try buffer.readCQLConsistency("consistency"),
                                         received: try buffer.readCQLInteger("received"),
                                         blockFor: try buffer.readCQLInteger("block for"),
                                         failures: try buffer.readCQLInteger("failures"),
                                         dataPresent: try buffer.readCQLInteger("data present", as: UInt8.self) != 0)
        case .functionFailure:
            error.details = .functionFailure(keyspace: try buffer.readCQLString("keyspace"),
                                             function: try buffer.readCQLString("function"),
                                             argumentTypes: try buffer.readCQLStringList("argument types"))
        case .writeFailure:
            error.details = .writeFailure(consistency: try buffer.readCQLConsistency("consistency"),
                                          received: try buffer.readCQLInteger("received"),
                                          blockFor: try buffer.readCQLInteger("block for"),
                                          failures: try buffer.readCQLInteger("failures"),
                                          writeType: try buffer.readCQLString("write type"))
        case .alreadyExists:
            error.details = .alreadyExists(keyspace: try buffer.readCQLString("keyspace"),
                                           table: try buffer.readCQLString("table"))
        case .unprepared:
            error.details = .unprepared(id: try buffer.readCQLShortBytes("id"))
        default: break
        }
        return error
    }
}
