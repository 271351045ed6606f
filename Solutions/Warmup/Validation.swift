import Contracts

extension ChirpToolkit {
    /// Step 4.
    public func validate(_ event: ChirpEvent) throws -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func complain(_ field: String, _ message: String) {
            issues.append(ValidationIssue(field: field, message: message))
        }
        if let problem = idProblem(event.id) { complain("id", problem) }
        if event.user < 1 { complain("user", "must be a positive user id") }
        if event.ts < 0 || event.ts > 253_402_300_799_999 { complain("ts", "must be ms since 1970, before year 10000") }
        switch event.action {
        case .post(let text):
            if text.allSatisfy(\.isWhitespace) { complain("text", "must not be blank") }
            if text.count > 280 { complain("text", "must be at most 280 characters, has \(text.count)") }
        case .like(let post):
            if let problem = idProblem(post) { complain("post", problem) }
        case .follow(let followee):
            if followee < 1 { complain("followee", "must be a positive user id") }
            if followee == event.user { complain("followee", "nobody can follow themself") }
        }
        return issues
    }

    /// Why `id` is not a valid event id, or nil.
    func idProblem(_ id: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")
        if id.isEmpty { return "must not be empty" }
        if id.count > 64 { return "must be at most 64 characters" }
        if !id.allSatisfy(allowed.contains) { return "may only hold ASCII letters, digits and - _ . :" }
        return nil
    }
}
