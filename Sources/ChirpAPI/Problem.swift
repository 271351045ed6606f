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
    /// Extra headers (Retry-After, Allow, WWW-Authenticate).
    var headers: HTTPFields = [:]

    struct FieldError: Encodable {
        var field: String
        var message: String
    }

    private enum CodingKeys: String, CodingKey { case type, status, title, detail, errors }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("about:blank", forKey: .type)
        try c.encode(status, forKey: .status)
        try c.encode(title, forKey: .title)
        try c.encode(detail, forKey: .detail)
        try c.encodeIfPresent(errors, forKey: .errors)
    }

    var response: Response {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        let body = (try? JSONEncoder().encode(self)) ?? Data()
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func badRequest(_ detail: String, errors: [FieldError]? = nil) -> Problem {
        Problem(status: 400, title: "Bad Request", detail: detail, errors: errors)
    }
}
