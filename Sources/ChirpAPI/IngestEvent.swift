import Contracts
import Foundation

/// Turns a request body into a valid Chirp event, or the problem to answer.
/// On ingest `id` and `ts` may be absent: the API assigns a fresh id and the time of arrival.
enum IngestEvent {
    static func decode(_ body: Data, now: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> Result<ChirpEvent, Problem> {
        guard let object = try? JSONSerialization.jsonObject(with: body), var fields = object as? [String: Any] else {
            return .failure(.badRequest("the body is not a JSON object (an event, e.g. {\"type\":\"post\",\"user\":42,\"text\":\"hello #swift\"})"))
        }
        if fields["id"] == nil || fields["id"] is NSNull { fields["id"] = "api-" + UUID().uuidString.lowercased() }
        if fields["ts"] == nil || fields["ts"] is NSNull { fields["ts"] = now }
        let event: ChirpEvent
        do {
            event = try JSONDecoder().decode(ChirpEvent.self, from: try JSONSerialization.data(withJSONObject: fields))
        } catch let DecodingError.keyNotFound(key, _) {
            return .failure(.badRequest("the event has no \"\(key.stringValue)\"",
                                        errors: [.init(field: key.stringValue, message: "is required")]))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.last?.stringValue ?? "body"
            return .failure(.badRequest("\"\(field)\": \(context.debugDescription)",
                                        errors: [.init(field: field, message: context.debugDescription)]))
        } catch {
            return .failure(.badRequest("the event could not be read: \(error)"))
        }
        let issues = event.validate()
        guard issues.isEmpty else {
            return .failure(.badRequest(issues.map(\.description).joined(separator: "; "),
                                        errors: issues.map { .init(field: $0.field, message: $0.message) }))
        }
        return .success(event)
    }
}
