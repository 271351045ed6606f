/// One thing wrong with an event: which field, and what is wrong with it.
public struct ValidationIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The JSON field at fault, e.g. `text`.
    public var field: String
    /// What is wrong, for a person, e.g. `must be at most 280 characters (has 312)`.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

extension ChirpEvent {
    /// The longest chirp, in characters (grapheme clusters, as a reader counts them).
    public static let maxTextLength = 280
    /// The longest event id.
    public static let maxIDLength = 64
    /// Event times from 1970 up to the end of the year 9999 are accepted.
    public static let tsRange: ClosedRange<Int64> = 0...253_402_300_799_999

    /// Everything wrong with this event; empty when it is valid.
    ///
    /// - `id` (and a like's `post`): 1 to 64 characters of ASCII letters,
    ///   digits, `-`, `_`, `.` and `:`.
    /// - `user` (and a follow's `followee`): positive; nobody follows themself.
    /// - `ts`: milliseconds since the epoch within ``tsRange``.
    /// - a post's `text`: not blank, at most 280 characters.
    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let problem = Self.idProblem(id) { issues.append(.init(field: "id", message: problem)) }
        if user < 1 { issues.append(.init(field: "user", message: "must be a positive user id (got \(user))")) }
        if !Self.tsRange.contains(ts) {
            issues.append(.init(field: "ts", message: "must be milliseconds since 1970-01-01 (got \(ts))"))
        }
        switch action {
        case .post(let text):
            if text.allSatisfy(\.isWhitespace) {
                issues.append(.init(field: "text", message: "must not be empty"))
            } else if text.count > Self.maxTextLength {
                issues.append(.init(field: "text",
                                    message: "must be at most \(Self.maxTextLength) characters (has \(text.count))"))
            }
        case .like(let post):
            if let problem = Self.idProblem(post) { issues.append(.init(field: "post", message: problem)) }
        case .follow(let followee):
            if followee < 1 {
                issues.append(.init(field: "followee", message: "must be a positive user id (got \(followee))"))
            } else if followee == user {
                issues.append(.init(field: "followee", message: "a user cannot follow themself"))
            }
        }
        return issues
    }

    static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return "must not be empty" }
        if id.utf8.count > maxIDLength { return "must be at most \(maxIDLength) characters" }
        let allowed = id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: ":"):
                true
            default: false
            }
        }
        return allowed ? nil : "may only hold ASCII letters, digits, '-', '_', '.' and ':'"
    }
}
