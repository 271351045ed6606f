import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// An error answer as RFC 9457 problem details (`application/problem+json`):
/// a status, a short title and what exactly is wrong.
struct Problem: Error, Encodable {
    var status: Int
    var title: String
    var detail: String
    /// For a 400 on an event: each field at fault and what is wrong with it.
    var errors: [FieldError]?
    /// For a 429: the wait in milliseconds (Retry-After has whole seconds).
    var retryAfterMs: Int64?
    /// Extra headers (Retry-After, Allow, WWW-Authenticate).
    var headers: HTTPFields = [:]

    struct FieldError: Encodable {
        var field: String
        var message: String
    }

    private enum CodingKeys: String, CodingKey { case type, status, title, detail, errors, retryAfterMs }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("about:blank", forKey: .type)
        try c.encode(status, forKey: .status)
        try c.encode(title, forKey: .title)
        try c.encode(detail, forKey: .detail)
        try c.encodeIfPresent(errors, forKey: .errors)
        try c.encodeIfPresent(retryAfterMs, forKey: .retryAfterMs)
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let body = (try? encoder.encode(self)) ?? Data()
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A 400 listing the issues the lab found in an event.
    static func invalidEvent(_ issues: [ValidationIssue]) -> Problem {
        badRequest(issues.map(\.description).joined(separator: "; "), errors: issues.map { FieldError(field: $0.field, message: $0.message) })
    }

    static func badRequest(_ detail: String, errors: [FieldError]? = nil) -> Problem {
        Problem(status: 400, title: "Bad Request", detail: detail, errors: errors)
    }
}
