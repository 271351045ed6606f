import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// How a lab's answers become HTTP responses.
enum Answers {
    /// One event's submission as a response (POST /v1/events).
    static func response(_ submission: Submission, event: ChirpEvent, configuration: APIConfiguration) -> Response {
        if case .accepted(let sequence) = submission {
            return json(.accepted, accepted(event, sequence: sequence))
        }
        return problem(submission, event: event, configuration: configuration).response
    }

    /// The 202 body: the event's id, time and number among its user's events.
    static func accepted(_ event: ChirpEvent, sequence: Int64) -> String {
        "{" + acceptedFields(event, sequence: sequence) + "}"
    }

    /// The fields of an accepted event's answer (in a 202 body, or a batch result).
    static func acceptedFields(_ event: ChirpEvent, sequence: Int64) -> String {
        #""id":\#(jsonString(event.id)),"ts":\#(event.ts),"seq":\#(sequence)"#
    }

    /// The problem for a submission that was not accepted.
    static func problem(_ submission: Submission, event: ChirpEvent, configuration: APIConfiguration) -> Problem {
        switch submission {
        case .accepted:
            preconditionFailure("an accepted submission is no problem")
        case .rateLimited(let wait):
            var problem = Problem(status: 429, title: "Too Many Requests",
                                  detail: "user \(event.user) is over its rate limit; the next event is allowed in \(wait) ms")
            problem.headers[.retryAfter] = String(max(1, (wait + 999) / 1000))
            problem.retryAfterMs = wait
            return problem
        case .blocked:
            return Problem(status: 403, title: "Forbidden", detail: "user \(event.user) is blocked by moderation")
        case .overloaded:
            var problem = Problem(status: 503, title: "Service Unavailable",
                                  detail: "the log is behind (\(configuration.maxInFlight) events in flight); try again shortly")
            problem.headers[.retryAfter] = "1"
            return problem
        case .unavailable(let reason):
            var problem = Problem(status: 503, title: "Service Unavailable",
                                  detail: "the log did not acknowledge the event, so it may not be stored; try again: \(reason)")
            problem.headers[.retryAfter] = "1"
            return problem
        case .failed(let reason):
            return Problem(status: 500, title: "Internal Server Error", detail: reason)
        }
    }

    /// The answer when the lab has not written a step yet (`--track starter`).
    static func notImplemented(_ error: NotImplemented) -> Response {
        Problem(status: 501, title: "Not Implemented",
                detail: "the API lab's step \(error.step) is not written yet: \(error.function) in \(error.file). Run make check LAB=api").response
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func jsonString(_ text: String) -> String {
        var json = JSONBytes(reservingCapacity: text.utf8.count + 2)
        json.string(text)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}
