import Contracts
import LabKit

extension APISuite {
    /// Step 1: request body → event, or every field at fault.
    static let admissionStep = Step<any APILab>(
        1, "Admit an event: parse and validate",
        file: "Labs/API/Admission.swift", function: "EventAdmission.admit(_:assigningID:now:)",
        hints: [
            "Read the body with JSONValue.parseObject(body), a [String: JSONValue]: if that throws, the body is not a JSON object: reject it with one issue on the field \"body\".",
            "Read each field with a small helper that returns the value or records an issue: absent (or null) and required → \"is required\"; present with the wrong JSON type → \"must be a string\" / \"must be an integer\". Keep going after an issue, so the client learns every problem at once.",
            "id and ts are optional: absent or null, use the assigned id and now. type picks the payload field: post → text (string), like → post (string), follow → followee (integer).",
            "Only when every field read cleanly, build the ChirpEvent and return .rejected(event.validate()) if it has issues, else .event(event). Extra fields are ignored.",
        ],
        reading: "Labs/API/README.md#step-1-admit-an-event-parse-and-validate"
    ) { lab, _ in
        let now: Int64 = 1_764_000_000_000
        func admit(_ body: String) throws -> Admission {
            try attempt("admit(\(show(body)))") { try lab.admit(Array(body.utf8), assigningID: "api-1", now: now) }
        }
        func fields(_ admission: Admission) -> [String]? {
            if case .rejected(let issues) = admission { return issues.map(\.field).sorted() }
            return nil
        }
        try expectEqual(try admit(#"{"type":"post","user":42,"text":"hello #swift"}"#),
                        .event(ChirpEvent(id: "api-1", user: 42, ts: now, action: .post(text: "hello #swift"))),
                        #"admit({"type":"post","user":42,"text":"hello #swift"}) (no id, no ts: use the assigned id and now)"#)
        try expectEqual(try admit(#"{"id":"c-7","type":"like","user":3,"ts":1700000000000,"post":"c-1","extra":true}"#),
                        .event(ChirpEvent(id: "c-7", user: 3, ts: 1_700_000_000_000, action: .like(post: "c-1"))),
                        "admit of a like with its own id and ts (and an extra field, ignored)")
        try expectEqual(try admit(#"{"id":null,"type":"follow","user":3,"ts":null,"followee":9}"#),
                        .event(ChirpEvent(id: "api-1", user: 3, ts: now, action: .follow(followee: 9))),
                        "admit of a follow whose id and ts are null (treat null as absent)")

        let cases: [(body: String, fields: [String], why: String)] = [
            ("not json", ["body"], "not JSON at all"),
            ("[1,2]", ["body"], "a JSON array, not an object"),
            ("", ["body"], "an empty body"),
            (#"{"user":1,"text":"hi"}"#, ["type"], "no type"),
            (#"{"type":"post"}"#, ["text", "user"], "no user and no text: both reported"),
            (#"{"type":"post","user":"42","text":"hi"}"#, ["user"], "user is a string"),
            (#"{"type":"post","user":4.5,"text":"hi"}"#, ["user"], "user is not an integer"),
            (#"{"type":"post","user":true,"text":"hi"}"#, ["user"], "user is a boolean"),
            (#"{"type":"post","user":1,"text":7}"#, ["text"], "text is a number"),
            (#"{"type":"post","user":1,"text":"hi","ts":"now"}"#, ["ts"], "ts is a string"),
            (#"{"type":"post","user":1,"text":"hi","id":5}"#, ["id"], "id is a number"),
            (#"{"type":"repost","user":1}"#, ["type"], "an unknown type"),
            (#"{"type":7,"user":1}"#, ["type"], "type is a number"),
            (#"{"type":"like","user":1}"#, ["post"], "a like without post"),
            (#"{"type":"follow","user":1,"followee":"x"}"#, ["followee"], "followee is a string"),
            (#"{"type":"post","user":0,"text":"hi"}"#, ["user"], "user 0 (validate(): must be positive)"),
            (#"{"type":"post","user":1,"text":"   "}"#, ["text"], "blank text (validate())"),
            (#"{"type":"post","user":1,"text":"\#(String(repeating: "a", count: 281))"}"#, ["text"], "281 characters (validate())"),
            (#"{"type":"follow","user":5,"followee":5}"#, ["followee"], "following oneself (validate())"),
            (#"{"type":"post","user":1,"text":"hi","id":"has space"}"#, ["id"], "an id with a space (validate())"),
            (#"{"type":"post","user":-3,"text":"hi","ts":-1}"#, ["ts", "user"], "negative user and ts (validate(), both)"),
        ]
        for (body, expected, why) in cases {
            let admission = try admit(body)
            try expect(fields(admission) != nil, "admit(\(show(body))) returned \(show(admission)), expected .rejected: \(why)")
            try expectEqual(fields(admission)!, expected, "admit(\(show(body))) (\(why)): the fields of its issues")
            if case .rejected(let issues) = admission {
                try expect(issues.allSatisfy { !$0.message.isEmpty }, "admit(\(show(body))): every issue needs a message for the client")
            }
        }
    }
}
