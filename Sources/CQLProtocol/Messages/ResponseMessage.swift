import NIOCore

/// A message from server to client (spec §4.2), as the body of a response
/// frame with the matching opcode.
public enum ResponseMessage: Hashable, Sendable {
    case error(CQLError)
    /// STARTUP or REGISTER succeeded.
    case ready
    /// Authentication is required, by this authenticator class.
    case authenticate(String)
    /// The STARTUP options and their possible values (e.g. `CQL_VERSION: ["3.4.5"]`).
    case supported([String: [String]])
    case result(ResultMessage)
    case event(EventMessage)
    case authChallenge([UInt8]?)
    case authSuccess([UInt8]?)

    /// The opcode of the frame that carries it.
    public var opcode: Opcode {
        switch self {
        case .error: .error
        case .ready: .ready
        case .authenticate: .authenticate
        case .supported: .supported
        case .result: .result
        case .event: .event
        case .authChallenge: .authChallenge
        case .authSuccess: .authSuccess
        }
    }

    /// Writes the message body.
    public func write(to buffer: inout ByteBuffer) {
        switch self {
        case .error(let error): error.write(to: &buffer)
        case .ready: break
        case .authenticate(let authenticator): buffer.writeCQLString(authenticator)
        case .supported(let options): buffer.writeCQLStringMultimap(options)
        case .result(let result): result.write(to: &buffer)
        case .event(let event): event.write(to: &buffer)
        case .authChallenge(let token), .authSuccess(let token): buffer.writeCQLBytes(token)
        }
    }

    /// Reads the body of a response frame with `opcode`. Errors name the
    /// message and the field: `malformed RESULT rows[3][1]: needs 8 bytes, 2 left`.
    public static func read(opcode: Opcode, from buffer: inout ByteBuffer) throws -> ResponseMessage {
        do {
            switch opcode {
            case .error: return .error(try CQLError.read(from: &buffer))
            case .ready: return .ready
            case .authenticate: return .authenticate(try buffer.readCQLString("authenticator"))
            case .supported: return .supported(try buffer.readCQLStringMultimap("options"))
            case .result: return .result(try ResultMessage.read(from: &buffer))
            case .event: return .event(try EventMessage.read(from: &buffer))
            case .authChallenge: return .authChallenge(try buffer.readCQLBytes("token"))
            case .authSuccess: return .authSuccess(try buffer.readCQLBytes("token"))
            default: throw CQLWireError("", "not a response message")
            }
        } catch let error as CQLWireError {
            throw error.within("\(opcode)")
        }
    }
}
