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
    public init(json: some DataProtocol) throws {
        self = try JSONDecoder().decode(ChirpEvent.self, from: Data(json))
    }
}

extension ChirpEvent: CustomStringConvertible {
    /// The event as its JSON line: how people read events in logs and test failures.
    public var description: String { jsonLine }
}
