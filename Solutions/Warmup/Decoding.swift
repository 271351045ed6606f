import Contracts
import Foundation

extension ChirpToolkit {
    /// Every field an event may have; which ones must be there depends on `type`.
    struct Fields: Decodable {
        var id: String?
        var type: String?
        var user: Int64?
        var ts: Int64?
        var text: String?
        var post: String?
        var followee: Int64?
    }

    /// The error for a field JSONDecoder could not read as its type.
    func wrongType(_ context: DecodingError.Context) -> EventDecodingError {
        let field = context.codingPath[0].stringValue
        let integers = ["user", "ts", "followee"]
        return .wrongType(field: field, expected: integers.contains(field) ? "an integer" : "a string")
    }

    /// Step 3.
    public func decode(_ line: String) throws -> ChirpEvent {
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(line.utf8))
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            throw wrongType(context)
        } catch {
            throw EventDecodingError.notJSON("\(error)")
        }
        func required<T>(_ value: T?, _ name: String) throws -> T {
            guard let value else { throw EventDecodingError.missingField(name) }
            return value
        }
        let action: ChirpEvent.Action
        switch try required(fields.type, "type") {
        case "post": action = .post(text: try required(fields.text, "text"))
        case "like": action = .like(post: try required(fields.post, "post"))
        case "follow": action = .follow(followee: try required(fields.followee, "followee"))
        case let other: throw EventDecodingError.unknownType(other)
        }
        return ChirpEvent(id: try required(fields.id, "id"), user: try required(fields.user, "user"),
                          ts: try required(fields.ts, "ts"), action: action)
    }
}
