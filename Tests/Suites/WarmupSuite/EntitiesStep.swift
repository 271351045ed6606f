import Contracts
import LabKit

extension WarmupSuite {
    /// Step 1: hashtags and mentions, by the rules, on tricky text and on
    /// generated chirps.
    static let entitiesStep = Step<any WarmupLab>(
        1, "Hashtags and mentions",
        file: "Labs/Warmup/Entities.swift", function: "hashtags(in:) and mentions(in:)",
        hints: [
            "Walk the text one Character at a time, remembering the previous one: a '#' only starts a hashtag when the character before it is not a word character (or there is none).",
            "After the '#', take characters while isWordCharacter(_:) says yes. Keep the run only if it holds a letter (Character.isLetter), then lowercase it and skip it if you have it already.",
            "Write one function entities(in:sigil:) and call it with \"#\" and \"@\".",
        ],
        reading: "Labs/Warmup/README.md#step-1-hashtags-and-mentions"
    ) { lab, _ in
        let cases: [(text: String, hashtags: [String], mentions: [String])] = [
            ("shipping #swift with @ana", ["swift"], ["ana"]),
            ("#Swift and #SWIFT and #swift", ["swift"], []),
            ("a#b and c@d do not count", [], []),
            ("write to ana@example.com today", [], []),
            ("#swift! #kafka, (#spark) #cassandra.", ["swift", "kafka", "spark", "cassandra"], []),
            ("#2024 is a number, #web3 is a tag, #_ is not", ["web3"], []),
            ("#café au #東京 from #Zürich", ["café", "東京", "zürich"], []),
            ("decomposed #cafe\u{301} is one tag", ["cafe\u{301}"], []),
            ("##double @@double #ok", ["ok"], []),
            ("@#cross #@cross", [], []),
            ("#tag#other and @ana@bo", ["tag"], ["ana"]),
            ("launch #swift🚀 now", ["swift"], []),
            ("hello @Ana_B, and @bo7! cc @42", [], ["ana_b", "bo7"]),
            ("# @ #", [], []),
            ("", [], []),
            ("#a_b_c and #A_B_C", ["a_b_c"], []),
        ]
        for c in cases {
            try expectEqual(try attempt("hashtags(in: \(show(c.text)))") { try lab.hashtags(in: c.text) },
                            c.hashtags, "hashtags(in: \(show(c.text)))")
            try expectEqual(try attempt("mentions(in: \(show(c.text)))") { try lab.mentions(in: c.text) },
                            c.mentions, "mentions(in: \(show(c.text)))")
        }
        for event in sampleEvents(300) {
            guard let text = event.text else { continue }
            try expectEqual(try attempt("hashtags(in: \(show(text)))") { try lab.hashtags(in: text) },
                            ChirpText.hashtags(in: text), "hashtags(in: \(show(text)))")
            try expectEqual(try attempt("mentions(in: \(show(text)))") { try lab.mentions(in: text) },
                            ChirpText.mentions(in: text), "mentions(in: \(show(text)))")
        }
    }
}
