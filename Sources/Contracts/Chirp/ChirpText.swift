/// Hashtags and mentions in a chirp's text.
///
/// The rules (the warm-up lab's step 1 teaches them):
/// - A hashtag is `#` followed by a run of word characters: Unicode letters,
///   decimal digits, combining marks and `_`. A mention is the same with `@`.
/// - The run must hold at least one letter: `#2024` is not a hashtag.
/// - The sigil must not sit inside a word: nothing of `a#b` or
///   `ana@example.com` counts. It must not follow another `#` or `@` either.
/// - The run ends at the first other character, so trailing punctuation is
///   excluded: `#swift!` is `swift`.
/// - Results are lowercased, without the sigil, each once, in order of first
///   appearance.
public enum ChirpText {
    /// The hashtags in `text`, e.g. `["swift"]` for `"shipping #Swift!"`.
    public static func hashtags(in text: String) -> [String] {
        entities(in: text, sigil: "#")
    }

    /// The mentioned handles in `text`, e.g. `["ana"]` for `"hi @Ana"`.
    public static func mentions(in text: String) -> [String] {
        entities(in: text, sigil: "@")
    }

    /// True for the scalars a hashtag or handle is made of.
    @inlinable
    public static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
        }
        let p = s.properties
        if p.isAlphabetic || p.numericType == .decimal { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// A letter that starts a character: alphabetic, and not a combining
    /// mark (a vowel sign after a digit does not make `#1ि` a hashtag), as
    /// `Character.isLetter` sees it.
    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        guard s.properties.isAlphabetic else { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return true
        }
    }

    static func entities(in text: String, sigil: Unicode.Scalar) -> [String] {
        var found: [String] = []
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        var previous: Unicode.Scalar? = nil
        while i != scalars.endIndex {
            let s = scalars[i]
            guard s == sigil, !(previous.map { isWordScalar($0) || $0 == "#" || $0 == "@" } ?? false) else {
                previous = s
                i = scalars.index(after: i)
                continue
            }
            var end = scalars.index(after: i)
            var hasLetter = false
            while end != scalars.endIndex, isWordScalar(scalars[end]) {
                if !hasLetter && isLetter(scalars[end]) { hasLetter = true }
                end = scalars.index(after: end)
            }
            if hasLetter {
                let entity = String(scalars[scalars.index(after: i)..<end]).lowercased()
                if !found.contains(entity) { found.append(entity) }
            }
            previous = scalars[scalars.index(before: end)]
            i = end
        }
        return found
    }
}
