import Contracts
import Foundation

/// Step 1: a request body → a valid event, or every field that is wrong.
///
/// Read the body as a JSON object field by field (not straight into
/// `ChirpEvent`, whose decoder stops at the first problem), so that the
/// client learns everything that is wrong at once; then apply the
/// contracts' own rules (`ChirpEvent.validate()`).
///
/// The given server turns `.rejected(issues)` into a 400 with an
/// `application/problem+json` body listing them.
enum EventAdmission {
    /// `body` as an event: `id` and `ts` default to `assignedID` and `now`;
    /// `type` is post (needs `text`), like (needs `post`) or follow (needs `followee`).
    static func admit(_ body: [UInt8], assigningID assignedID: String, now: Int64) throws -> Admission {
        // let fields = try? JSONValue.parseObject(body)   // [String: JSONValue], or throws if not a JSON object
        throw NotImplemented(step: 1)
    }
}
