import Contracts
import Foundation

/// Step 1: a request body → a valid event, or every field that is wrong.
///
/// Read the body as a JSON object field by field (not straight into
/// `ChirpEvent`, whose decoder stops at the first problem), so that the
/// client learns everything that is wrong at once; then apply the
/// contracts' own rules (`ChirpEvent.validate()`).
enum EventAdmission {
    static func admit(_ body: [UInt8], assigningID assignedID: String, now: Int64) throws -> Admission {
        guard let fields = try? JSONValue.parseObject(body) else {
            return .rejected([ValidationIssue(field: "body", message: "must be a JSON object, e.g. {\"type\":\"post\",\"user\":42,\"text\":\"hello #swift\"}")])
        }
        var issues: [ValidationIssue] = []

        func string(_ field: String, required: Bool) -> String? {
            switch fields[field] {
            case .string(let value)?: return value
            case nil, .null?: if required { issues.append(.init(field: field, message: "is required")) }
            case let other?: issues.append(.init(field: field, message: "must be a string (got \(other.kindDescription))"))
            }
            return nil
        }
        func integer(_ field: String, required: Bool) -> Int64? {
            switch fields[field] {
            case .integer(let value)?: return value
            case nil, .null?: if required { issues.append(.init(field: field, message: "is required")) }
            case let other?: issues.append(.init(field: field, message: "must be an integer (got \(other.kindDescription))"))
            }
            return nil
        }

        let id = string("id", required: false) ?? assignedID
        let ts = integer("ts", required: false) ?? now
        let user = integer("user", required: true)
        var action: ChirpEvent.Action?
        if let type = string("type", required: true) {
            switch ChirpEvent.Kind(rawValue: type) {
            case .post: action = string("text", required: true).map { .post(text: $0) }
            case .like: action = string("post", required: true).map { .like(post: $0) }
            case .follow: action = integer("followee", required: true).map { .follow(followee: $0) }
            case nil: issues.append(.init(field: "type", message: "must be post, like or follow (got \"\(type)\")"))
            }
        }
        guard issues.isEmpty, let user, let action else { return .rejected(issues) }
        let event = ChirpEvent(id: id, user: user, ts: ts, action: action)
        let problems = event.validate()
        return problems.isEmpty ? .event(event) : .rejected(problems)
    }
}
