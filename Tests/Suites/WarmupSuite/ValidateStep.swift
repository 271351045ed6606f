import Contracts
import LabKit

extension WarmupSuite {
    /// Step 4: every rule, one broken at a time and several at once.
    static let validateStep = Step<any WarmupLab>(
        4, "Validate an event",
        file: "Labs/Warmup/Validation.swift", function: "validate(_:)",
        hints: [
            "Check each rule on its own and append a ValidationIssue(field:message:) for each one broken; return the array (empty when valid).",
            "Count a chirp's length with text.count: Swift counts Characters, what a reader sees, so 👍🏽 is one even though it is two Unicode scalars and eight UTF-8 bytes.",
            "Blank means empty or only whitespace: text.allSatisfy(\\.isWhitespace).",
        ],
        reading: "Labs/Warmup/README.md#step-4-validate-an-event"
    ) { lab, _ in
        for event in sampleEvents(300) {
            try expectEqual(try attempt("validate(\(event))") { try lab.validate(event) }.map(\.field), [],
                            "the fields validate(\(event)) complains about")
        }
        func post(_ text: String, id: String = "ok-1", user: Int64 = 1, ts: Int64 = 1_700_000_000_000) -> ChirpEvent {
            ChirpEvent(id: id, user: user, ts: ts, action: .post(text: text))
        }
        let cases: [(ChirpEvent, Set<String>)] = [
            (post("fine"), []),
            (post(String(repeating: "a", count: 280)), []),
            (post(String(repeating: "👍🏽", count: 280)), []),
            (post(String(repeating: "a", count: 281)), ["text"]),
            (post(String(repeating: "👍🏽", count: 281)), ["text"]),
            (post(""), ["text"]),
            (post(" \n\t "), ["text"]),
            (post("hi", user: 0), ["user"]),
            (post("hi", user: -5), ["user"]),
            (post("hi", ts: -1), ["ts"]),
            (post("hi", ts: 253_402_300_800_000), ["ts"]),
            (post("hi", ts: 0), []),
            (post("hi", ts: 253_402_300_799_999), []),
            (post("hi", id: ""), ["id"]),
            (post("hi", id: "has space"), ["id"]),
            (post("hi", id: "é"), ["id"]),
            (post("hi", id: String(repeating: "x", count: 65)), ["id"]),
            (post("hi", id: String(repeating: "x", count: 64)), []),
            (post("hi", id: "Ok-id_1.2:3"), []),
            (post("", id: "", user: 0, ts: -1), ["id", "user", "ts", "text"]),
            (ChirpEvent(id: "l-1", user: 3, ts: 1, action: .like(post: "")), ["post"]),
            (ChirpEvent(id: "l-2", user: 3, ts: 1, action: .like(post: "bad id!")), ["post"]),
            (ChirpEvent(id: "l-3", user: 3, ts: 1, action: .like(post: String(repeating: "p", count: 65))), ["post"]),
            (ChirpEvent(id: "f-1", user: 3, ts: 1, action: .follow(followee: 0)), ["followee"]),
            (ChirpEvent(id: "f-2", user: 3, ts: 1, action: .follow(followee: 3)), ["followee"]),
            (ChirpEvent(id: "f-3", user: 3, ts: 1, action: .follow(followee: 4)), []),
        ]
        for (event, fields) in cases {
            let call = "validate(\(event))"
            let issues = try attempt(call) { try lab.validate(event) }
            try expectEqual(Set(issues.map(\.field)), fields, "the fields \(call) complains about")
            try expect(issues.allSatisfy { !$0.message.isEmpty }, "\(call) returned an issue with an empty message: \(issues)")
        }
    }
}
