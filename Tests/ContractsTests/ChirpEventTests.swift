import Contracts
import Foundation
import Testing

@Suite("Chirp events")
struct ChirpEventTests {
    let events = Array(Workload(WorkloadConfig(seed: 11)).prefix(3_000))

    @Test("the fast JSON line and Codable agree, and round-trip every generated event")
    func jsonRoundTrip() throws {
        let encoder = JSONEncoder()
        for event in events {
            #expect(try ChirpEvent(json: Data(event.jsonLine.utf8)) == event)
            #expect(try JSONDecoder().decode(ChirpEvent.self, from: encoder.encode(event)) == event)
        }
    }

    @Test("the JSON line has the documented shape")
    func jsonShape() {
        let post = ChirpEvent(id: "s7-0", user: 42, ts: 1_700_000_000_000, action: .post(text: "shipping #swift with @ana"))
        #expect(post.jsonLine == #"{"id":"s7-0","type":"post","user":42,"ts":1700000000000,"text":"shipping #swift with @ana"}"#)
        let like = ChirpEvent(id: "s7-1", user: 7, ts: 1, action: .like(post: "s7-0"))
        #expect(like.jsonLine == #"{"id":"s7-1","type":"like","user":7,"ts":1,"post":"s7-0"}"#)
        let follow = ChirpEvent(id: "s7-2", user: 7, ts: -2, action: .follow(followee: 42))
        #expect(follow.jsonLine == #"{"id":"s7-2","type":"follow","user":7,"ts":-2,"followee":42}"#)
    }

    @Test("strings are escaped: quotes, backslashes, control characters; Unicode passes through")
    func escaping() throws {
        let text = "\"q\" \\ \n\r\t \u{0}\u{1F} é 東京 🚀"
        let event = ChirpEvent(id: "e", user: 1, ts: 1, action: .post(text: text))
        let line = event.jsonLine
        #expect(line.contains(#""\"q\" \\ \n\r\t \u0000\u001f é 東京 🚀""#))
        #expect(!line.contains("\n"))
        #expect(try ChirpEvent(json: Data(line.utf8)).text == text)
    }

    @Test("decoding says what is wrong", arguments: [
        (#"{"id":"a","type":"retweet","user":1,"ts":1}"#, "unknown type \"retweet\""),
        (#"{"id":"a","type":"like","user":1,"ts":null,"post":"p"}"#, "missing field \"ts\""),
        (#"{"id":"a","type":"post","user":1,"ts":1,"text":"x""#, "not a JSON object"),
        (#"{"id":"a","type":"post","user":1,"ts":1}"#, "text"),
        (#"{"id":"a","type":"post","user":"1","ts":1,"text":"x"}"#, "user"),
    ])
    func decodingErrors(line: String, mention: String) {
        #expect {
            try ChirpEvent(json: Data(line.utf8))
        } throws: { error in
            String(describing: error).contains(mention)
        }
    }

    @Test("hashtags and mentions follow the rules")
    func entities() {
        #expect(ChirpText.hashtags(in: "shipping #Swift! #swift, #2024 #web3 a#b ##x #東京") == ["swift", "web3", "東京"])
        #expect(ChirpText.mentions(in: "hi @Ana_B and ana@example.com @@no @bo7.") == ["ana_b", "bo7"])
        #expect(ChirpText.hashtags(in: "#cafe\u{301}") == ["cafe\u{301}"])
        #expect(ChirpText.hashtags(in: "#1\u{93F} #Ⅻ") == ["ⅻ"], "a vowel sign is no letter; a Roman numeral is alphabetic")
        #expect(events[0].hashtags == ChirpText.hashtags(in: events[0].text ?? ""))
    }

    @Test("generated events are valid; broken ones name their fields")
    func validation() {
        for event in events { #expect(event.validate().isEmpty, "\(event)") }
        let bad = ChirpEvent(id: "no spaces", user: 0, ts: -1, action: .post(text: String(repeating: "a", count: 281)))
        #expect(bad.validate().map(\.field) == ["id", "user", "ts", "text"])
        let emoji = ChirpEvent(id: "ok", user: 1, ts: 0, action: .post(text: String(repeating: "👍🏽", count: 280)))
        #expect(emoji.validate().isEmpty, "280 characters is fine, however many bytes")
        let selfFollow = ChirpEvent(id: "ok", user: 3, ts: 0, action: .follow(followee: 3))
        #expect(selfFollow.validate().map(\.field) == ["followee"])
    }

    @Test("handles map to user ids and back")
    func handles() {
        #expect(ChirpUser.handle(42) == "kai42")
        for id: Int64 in [1, 42, 9_999, 123_456_789] {
            #expect(ChirpUser.id(forHandle: ChirpUser.handle(id)) == id)
        }
        #expect(ChirpUser.id(forHandle: "ana") == nil)
        #expect(ChirpUser.id(forHandle: "ana42") == nil, "user 42's handle is kai42")
        #expect(ChirpUser.id(forHandle: "Kai42") == 42)
    }
}
