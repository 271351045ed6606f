import NIOCore

/// A message from client to server (spec §4.1), as the body of a request
/// frame with the matching opcode.
public enum RequestMessage: Hashable, Sendable {
    /// Opens the connection: options such as `CQL_VERSION` and `COMPRESSION`.
    case startup([String: String])
    /// Asks which STARTUP options the server supports.
    case options
    /// Runs a CQL statement.
    case query(String, QueryParameters)
    /// Prepares a statement for EXECUTE.
    case prepare(String)
    /// Runs a prepared statement by the id PREPARE returned.
    case execute(id: [UInt8], QueryParameters)
    case batch(BatchMessage)
    /// Asks for EVENT pushes of these kinds on this connection.
    case register([EventType])
    /// A SASL token answering an authentication challenge.
    case authResponse([UInt8]?)

    /// The opcode of the frame that carries it.
    public var opcode: Opcode {
        switch self {
        case .startup: .startup
        case .options: .options
        case .query: .query
        case .prepare: .prepare
        case .execute: .execute
        case .batch: .batch
        case .register: .register
        case .authResponse: .authResponse
        }
    }

    /// Writes the message body.
    public func write(to buffer: inout ByteBuffer) {
        switch self {
        case .startup(let options): buffer.writeCQLStringMap(options)
        case .options: break
        case .query(let cql, let parameters):
            buffer.writeCQLLongString(cql)
            parameters.write(to: &buffer)
        case .prepare(let cql): buffer.writeCQLLongString(cql)
        case .execute(let id, let parameters):
            buffer.writeCQLShortBytes(id)
            parameters.write(to: &buffer)
        case .batch(let batch): batch.write(to: &buffer)
        case .register(let types): buffer.writeCQLStringList(types.map(\.rawValue))
        case .authResponse(let token): buffer.writeCQLBytes(token)
        }
    }

    /// Reads the body of a request frame with `opcode`. Errors name the
    /// message and the field: `malformed QUERY values[1]: needs 8 bytes, 2 left`.
    public static func read(opcode: Opcode, from buffer: inout ByteBuffer) throws -> RequestMessage {
        do {
            return try readBody(opcode: opcode, from: &buffer)
        } catch let error as CQLWireError {
            throw error.within("\(opcode)")
        }
    }

    private static func readBody(opcode: Opcode, from buffer: inout ByteBuffer) throws -> RequestMessage {
        switch opcode {
        case .startup: return .startup(try buffer.readCQLStringMap("options"))
        case .options: return .options
        case .query:
            let cql = try buffer.readCQLLongString("query")
            return .query(cql, try QueryParameters.read(from: &buffer))
        case .prepare: return .prepare(try buffer.readCQLLongString("query"))
        case .execute:
            let id = try buffer.readCQLShortBytes("id")
            return .execute(id: id, try QueryParameters.read(from: &buffer))
        case .batch: return .batch(try BatchMessage.read(from: &buffer))
        case .register:
            return .register(try buffer.readCQLStringList("event types").map { name in
                guard let type = EventType(rawValue: name) else { throw CQLWireError("event types", "unknown event type \(name)") }
                return type
            })
        case .authResponse: return .authResponse(try buffer.readCQLBytes("token"))
        default: throw CQLWireError("", "not a request message")
        }
    }
}
