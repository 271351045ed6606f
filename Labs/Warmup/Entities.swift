import Contracts

extension ChirpToolkit {
    /// Step 1: the hashtags in `text`, lowercased, without `#`, each once, in
    /// order of first appearance.
    ///
    ///     hashtags(in: "shipping #Swift! #swift again")  // ["swift"]
    ///     hashtags(in: "a#b, #2024, ##no")                // []
    ///
    /// The rules are in Labs/Warmup/README.md, step 1.
    public func hashtags(in text: String) throws -> [String] {
        throw NotImplemented(step: 1)
    }

    /// Step 1: the mentioned handles in `text`; the same rules with `@`.
    ///
    ///     mentions(in: "hi @Ana, mail ana@example.com")  // ["ana"]
    public func mentions(in text: String) throws -> [String] {
        throw NotImplemented(step: 1)
    }
}

/// Given: letters, digits, combining marks and `_`, what hashtags and
/// handles are made of.
func isWordCharacter(_ character: Character) -> Bool {
    character.unicodeScalars.allSatisfy(ChirpText.isWordScalar)
}
