import Contracts
import LabKit

extension WarmupSuite {
    /// Step 3: decode any valid line, whatever its key order, spacing or
    /// extra fields; reject anything else with an error that names the field.
    static let decodeStep = Step<any WarmupLab>(
        3, "Decode a JSON line",
        file: "Labs/Warmup/Decoding.swift", function: "decode(_:)",
        hints: [
            "Let JSONDecoder do the parsing: decode the line into the Fields struct (every property optional), then build the ChirpEvent yourself.",
            "Missing field: throw EventDecodingError.missingField(\"text\"). A field of the wrong type makes JSONDecoder throw DecodingError.typeMismatch, whose context.codingPath names the field: turn it into EventDecodingError.wrongType(field:expected:) (\"an integer\" for user, ts and followee, \"a string\" for the others). An empty codingPath means the line is JSON but not an object: that is .notJSON, like any other error JSONDecoder throws.",
            "Which payload field is required depends on type: text for post, post for like, followee for follow. Any other type is EventDecodingError.unknownType.",
        ],
        reading: "Labs/Warmup/README.md#step-3-decode-a-json-line"
    ) { lab, _ in
        for event in sampleEvents(300) {
            let line = event.jsonLine
            try expectEqual(try attempt("decode(\(show(line)))") { try lab.decode(line) }, event,
                            "decode(\(show(line)))")
        }
        let accepted: [(String, ChirpEvent)] = [
            (#"{ "type" : "follow", "followee": 42, "ts": 5, "user": 7, "id": "x-1" }"#,
             ChirpEvent(id: "x-1", user: 7, ts: 5, action: .follow(followee: 42))),
            (#"{"id":"x-2","type":"like","user":7,"ts":6,"post":"x-1","client":"ios","tags":[1,2]}"#,
             ChirpEvent(id: "x-2", user: 7, ts: 6, action: .like(post: "x-1"))),
            (#"{"id":"x-3","type":"post","user":1,"ts":7,"text":"caf\u00e9 \"quoted\"\nnext \ud83d\ude80"}"#,
             ChirpEvent(id: "x-3", user: 1, ts: 7, action: .post(text: "café \"quoted\"\nnext 🚀"))),
        ]
        for (line, event) in accepted {
            try expectEqual(try attempt("decode(\(show(line)))") { try lab.decode(line) }, event,
                            "decode(\(show(line)))")
        }
        let rejected: [(line: String, expected: EventDecodingError)] = [
            (#"not json at all"#, .notJSON("")),
            (#"[1, 2, 3]"#, .notJSON("")),
            (#"{"type":"post","user":1,"ts":1,"text":"no id"}"#, .missingField("id")),
            (#"{"id":"r-1","user":1,"ts":1,"text":"no type"}"#, .missingField("type")),
            (#"{"id":"r-2","type":"post","user":"42","ts":1,"text":"user is a string"}"#,
             .wrongType(field: "user", expected: "an integer")),
            (#"{"id":"r-3","type":"post","user":true,"ts":1,"text":"user is a boolean"}"#,
             .wrongType(field: "user", expected: "an integer")),
            (#"{"id":"r-4","type":"post","user":1,"text":"no ts"}"#, .missingField("ts")),
            (#"{"id":"r-5","type":"post","user":1,"ts":1}"#, .missingField("text")),
            (#"{"id":"r-6","type":"like","user":1,"ts":1,"text":"a like needs post"}"#, .missingField("post")),
            (#"{"id":"r-7","type":"follow","user":1,"ts":1,"followee":"42"}"#,
             .wrongType(field: "followee", expected: "an integer")),
            (#"{"id":7,"type":"post","user":1,"ts":1,"text":"id is a number"}"#,
             .wrongType(field: "id", expected: "a string")),
            (#"{"id":"r-8","type":"retweet","user":1,"ts":1}"#, .unknownType("retweet")),
        ]
        for (line, expected) in rejected {
            let call = "decode(\(show(line)))"
            let error = try expectError(call) { try lab.decode(line) }
            guard let decodingError = error as? EventDecodingError else {
                throw CheckFailure("\(call) threw \(show(String(describing: error))), expected EventDecodingError.\(expected)")
            }
            switch (decodingError, expected) {
            case (.notJSON, .notJSON): continue  // the explanation is free text
            default:
                try expect(decodingError == expected,
                           "\(call) threw EventDecodingError.\(decodingError), expected .\(expected): the error must name what the sender has to fix")
            }
        }
    }
}
