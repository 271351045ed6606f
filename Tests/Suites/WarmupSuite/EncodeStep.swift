import Contracts
import Foundation
import LabKit

extension WarmupSuite {
    /// Step 2: encode to one line of JSON that any JSON reader, and Chirp's
    /// own decoder, reads back as the same event.
    static let encodeStep = Step<any WarmupLab>(
        2, "Encode an event as JSON",
        file: "Labs/Warmup/Encoding.swift", function: "encode(_:)",
        hints: [
            "Build the object by hand: {\"id\":...,\"type\":...,\"user\":...,\"ts\":...} and then one payload field chosen by switching over event.action.",
            "Numbers go in bare (\"user\":42), strings in quotes. Inside a string, a quote becomes \\\" , a backslash \\\\ , a newline \\n, a tab \\t, and any other character below U+0020 \\u00XX.",
            "Escape by walking text.unicodeScalars; everything else (é, 東, 🚀) can be written as it is: JSON is UTF-8.",
        ],
        reading: "Labs/Warmup/README.md#step-2-encode-an-event-as-json"
    ) { lab, _ in
        let tricky = [
            ChirpEvent(id: "q-1", user: 42, ts: 1_700_000_000_000,
                       action: .post(text: "she said \"hi\" \\ then\nleft\tfor #café 🚀")),
            ChirpEvent(id: "q-2", user: 7, ts: 0, action: .post(text: "bell \u{7} and nul \u{0} and del \u{7F}")),
            ChirpEvent(id: "q-5", user: 7, ts: 1, action: .post(text: "windows\r\nline and a lone \r here")),
            ChirpEvent(id: "q-3", user: 7, ts: 1_700_000_000_001, action: .like(post: "q-1")),
            ChirpEvent(id: "q-4", user: 9_007_199_254_740_993, ts: 253_402_300_799_999,
                       action: .follow(followee: 42)),
        ]
        for event in tricky + sampleEvents(300) {
            let call = "encode(\(event))"
            let line = try attempt(call) { try lab.encode(event) }
            try expect(!line.contains("\n") && !line.contains("\r"),
                       "\(call) wrote a line break: \(show(line)). A newline inside a string must be written as \\n.")
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            } catch {
                throw CheckFailure("\(call) wrote \(show(line)), which is not valid JSON: \(error)")
            }
            guard let fields = object as? [String: Any] else {
                throw CheckFailure("\(call) wrote \(show(line)), which is JSON but not an object {...}")
            }
            let payload = switch event.kind { case .post: "text"; case .like: "post"; case .follow: "followee" }
            try expectEqual(Set(fields.keys), ["id", "type", "user", "ts", payload],
                            "the keys of \(call)")
            let decoded: ChirpEvent
            do {
                decoded = try ChirpEvent(json: Data(line.utf8))
            } catch {
                throw CheckFailure("\(call) wrote \(show(line)), which Chirp's decoder rejects: \(error)")
            }
            try expect(decoded == event,
                       "\(call) wrote \(show(line)), which reads back as a different event: \(decoded)")
        }
    }
}
