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
            "Missing field: throw EventDecodingError.missingField(\"text\"). A field of the wrong type makes JSONDecoder throw DecodingError.typeMismatch, whose context.codingPath names the field: turn it into EventDecodingError.wrongType.",
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
        let rejected: [(line: String, mustName: String)] = [
            (#"not json at all"#, "JSON"),
            (#"[1, 2, 3]"#, "JSON"),
            (#"{"type":"post","user":1,"ts":1,"text":"no id"}"#, "id"),
            (#"{"id":"r-1","user":1,"ts":1,"text":"no type"}"#, "type"),
            (#"{"id":"r-2","type":"post","user":"42","ts":1,"text":"user is a string"}"#, "user"),
            (#"{"id":"r-3","type":"post","user":true,"ts":1,"text":"user is a boolean"}"#, "user"),
            (#"{"id":"r-4","type":"post","user":1,"text":"no ts"}"#, "ts"),
            (#"{"id":"r-5","type":"post","user":1,"ts":1}"#, "text"),
            (#"{"id":"r-6","type":"like","user":1,"ts":1,"text":"a like needs post"}"#, "post"),
            (#"{"id":"r-7","type":"follow","user":1,"ts":1,"followee":"42"}"#, "followee"),
            (#"{"id":"r-8","type":"retweet","user":1,"ts":1}"#, "retweet"),
        ]
        for (line, mustName) in rejected {
            let call = "decode(\(show(line)))"
            let error = try expectError(call) { try lab.decode(line) }
            try expect(String(describing: error).localizedCaseInsensitiveContains(mustName),
                       "\(call) threw \(show(String(describing: error))), which should name \(show(mustName)) so the sender knows what to fix")
        }
    }
}
