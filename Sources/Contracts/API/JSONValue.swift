/// One JSON value, as read from a request body: for reading a JSON
/// object field by field and saying exactly which field is wrong.
///
///     let fields = try JSONValue.parseObject(body)   // or JSONDecoder, it is Decodable
///     if case .integer(let user)? = fields["user"] { … }
public enum JSONValue: Equatable, Sendable, Decodable {
    case null
    case bool(Bool)
    /// A number with no fraction that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let value = try? c.decode(Bool.self) { self = .bool(value) }
        else if let value = try? c.decode(Int64.self) { self = .integer(value) }
        else if let value = try? c.decode(Double.self) { self = .number(value) }
        else if let value = try? c.decode(String.self) { self = .string(value) }
        else if let value = try? c.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// What kind of value this is, for messages: `a string`, `a number`, ….
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
