import Foundation

extension ChirpEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case id, type, user, ts, text, post, followee
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        let user = try c.decode(Int64.self, forKey: .user)
        let ts = try c.decode(Int64.self, forKey: .ts)
        let type = try c.decode(String.self, forKey: .type)
        let action: Action
        switch Kind(rawValue: type) {
        case .post: action = .post(text: try c.decode(String.self, forKey: .text))
        case .like: action = .like(post: try c.decode(String.self, forKey: .post))
        case .follow: action = .follow(followee: try c.decode(Int64.self, forKey: .followee))
        case nil:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown event type \"\(type)\" (expected post, like or follow)")
        }
        self.init(id: id, user: user, ts: ts, action: action)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .type)
        try c.encode(user, forKey: .user)
        try c.encode(ts, forKey: .ts)
        switch action {
        case .post(let text): try c.encode(text, forKey: .text)
        case .like(let post): try c.encode(post, forKey: .post)
        case .follow(let followee): try c.encode(followee, forKey: .followee)
        }
    }

    /// Appends the event as one compact JSON object, keys in the documented
    /// order (`id`, `type`, `user`, `ts`, then the payload), no newline.
    public func writeJSON(to json: inout JSONBytes) {
        json.raw("{\"id\":")
        json.string(id)
        switch action {
        case .post: json.raw(",\"type\":\"post\",\"user\":")
        case .like: json.raw(",\"type\":\"like\",\"user\":")
        case .follow: json.raw(",\"type\":\"follow\",\"user\":")
        }
        json.integer(user)
        json.raw(",\"ts\":")
        json.integer(ts)
        switch action {
        case .post(let text):
            json.raw(",\"text\":")
            json.string(text)
        case .like(let post):
            json.raw(",\"post\":")
            json.string(post)
        case .follow(let followee):
            json.raw(",\"followee\":")
            json.integer(followee)
        }
        json.raw("}")
    }

    /// The event as one line of JSON (without the trailing newline).
    public var jsonLine: String {
        var json = JSONBytes()
        writeJSON(to: &json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Decodes one event from a JSON object.
    /// - Throws: `EventDecodingError`, naming the field that is missing or of the wrong kind.
    public init(json: some Collection<UInt8>) throws {
        try self.init(json: Array(json))
    }

    /// Decodes one event from a JSON object, in one pass over the bytes and
    /// without a dictionary (every consumer of the `chirps` topic does this
    /// for every event; `JSONDecoder` is several times slower). Fields it
    /// does not know are ignored; a field given twice counts the last time.
    /// - Throws: `EventDecodingError`, naming the field that is missing or of the wrong kind.
    public init(json: [UInt8]) throws {
        var id, type, text, post: JSONValue?
        var user, ts, followee: JSONValue?
        do {
            try JSONValue.forEachField(of: json) { name, value in
                switch name {
                case "id": id = value
                case "type": type = value
                case "user": user = value
                case "ts": ts = value
                case "text": text = value
                case "post": post = value
                case "followee": followee = value
                default: break
                }
            }
        } catch {
            throw EventDecodingError.notJSON("\(error)")
        }
        func string(_ value: JSONValue?, _ name: String) throws -> String {
            switch value {
            case .string(let string)?: return string
            case nil, .null?: throw EventDecodingError.missingField(name)
            default: throw EventDecodingError.wrongType(field: name, expected: "a string")
            }
        }
        func integer(_ value: JSONValue?, _ name: String) throws -> Int64 {
            switch value {
            case .integer(let integer)?: return integer
            case nil, .null?: throw EventDecodingError.missingField(name)
            default: throw EventDecodingError.wrongType(field: name, expected: "an integer")
            }
        }
        let action: Action
        switch try string(type, "type") {
        case "post": action = .post(text: try string(text, "text"))
        case "like": action = .like(post: try string(post, "post"))
        case "follow": action = .follow(followee: try integer(followee, "followee"))
        case let other: throw EventDecodingError.unknownType(other)
        }
        self.init(id: try string(id, "id"), user: try integer(user, "user"), ts: try integer(ts, "ts"), action: action)
    }
}

extension ChirpEvent: CustomStringConvertible {
    /// The event as its JSON line: how people read events in logs and test failures.
    public var description: String { jsonLine }
}
