/// The warm-up lab: the Chirp event format, by hand.
///
/// Fifteen minutes that prove a machine is ready and teach the wire format
/// every later lab shares. The starter (`Labs/Warmup`) and the solution
/// (`Solutions/Warmup`) each provide a type conforming to this protocol; the
/// suite checks it step by step. The shared implementations in this module
/// (``ChirpText``, ``ChirpEvent/jsonLine``, ``ChirpEvent/validate()``) are the
/// fast versions that the other components use.
public protocol WarmupLab: Sendable {
    /// Step 1: the hashtags in a chirp's text, following the rules of ``ChirpText``.
    func hashtags(in text: String) throws -> [String]
    /// Step 1: the mentioned handles in a chirp's text, following the rules of ``ChirpText``.
    func mentions(in text: String) throws -> [String]
    /// Step 2: the event as one line of JSON (`id`, `type`, `user`, `ts`, then
    /// `text`, `post` or `followee`), with no newline in it.
    func encode(_ event: ChirpEvent) throws -> String
    /// Step 3: the event a line of JSON describes; a clear error naming the
    /// field (an ``EventDecodingError``) when the line is not a valid event.
    func decode(_ line: String) throws -> ChirpEvent
    /// Step 4: everything wrong with an event, by field (the rules of
    /// ``ChirpEvent/validate()``); empty when the event is valid.
    func validate(_ event: ChirpEvent) throws -> [ValidationIssue]
}

/// Why a line is not a Chirp event: what the warm-up's `decode(_:)` throws.
public enum EventDecodingError: Error, CustomStringConvertible, Equatable {
    /// Not JSON, or JSON but not an object.
    case notJSON(String)
    /// A field the event's type requires is absent.
    case missingField(String)
    /// A field holds the wrong kind of value, e.g. `"user":"42"`.
    case wrongType(field: String, expected: String)
    /// `type` is none of post, like or follow.
    case unknownType(String)

    public var description: String {
        switch self {
        case .notJSON(let why): "not a JSON object: \(why)"
        case .missingField(let field): "missing field \"\(field)\""
        case .wrongType(let field, let expected): "field \"\(field)\" must be \(expected)"
        case .unknownType(let type): "unknown type \"\(type)\" (expected post, like or follow)"
        }
    }
}
