import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/events:batch`: every item admitted, the valid ones submitted
/// (each user's together), and one result per item, in order.
struct BatchIngest {
    let service: APIService

    func run(_ items: [ArraySlice<UInt8>]) async throws -> Response {
        let admissions = try service.admit(items)
        var events: [ChirpEvent] = []
        events.reserveCapacity(items.count)
        for case .event(let event) in admissions { events.append(event) }
        var submissions = (events.isEmpty ? [] : try await service.submit(events)).makeIterator()
        var accepted = 0, refused = 0
        var results: [String] = []
        results.reserveCapacity(items.count)
        for (index, admission) in admissions.enumerated() {
            switch admission {
            case .rejected(let issues):
                refused += 1
                results.append(item(index, Problem.invalidEvent(issues)))
            case .event(let event):
                // The submissions are in the events' order, which is the admissions' order.
                let submission = submissions.next()!
                if case .accepted(let sequence) = submission {
                    accepted += 1
                    results.append(#"{"index":\#(index),"status":202,\#(Answers.acceptedFields(event, sequence: sequence))}"#)
                } else {
                    refused += 1
                    results.append(item(index, Answers.problem(submission, event: event, configuration: service.configuration)))
                }
            }
        }
        service.metrics.accepted(accepted)
        service.metrics.rejected(refused)
        let body = #"{"accepted":\#(accepted),"rejected":\#(refused),"results":[\#(results.joined(separator: ","))]}"#
        return Answers.json(.ok, body)
    }

    /// A refused item: its index, status and the problem's fields.
    private func item(_ index: Int, _ problem: Problem) -> String {
        var text = #"{"index":\#(index),"status":\#(problem.status),"title":\#(Answers.jsonString(problem.title)),"detail":\#(Answers.jsonString(problem.detail))"#
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let errors = problem.errors, let data = try? encoder.encode(errors) {
            text += #","errors":"# + String(decoding: data, as: UTF8.self)
        }
        if let wait = problem.retryAfterMs { text += #","retryAfterMs":\#(wait)"# }
        return text + "}"
    }
}
