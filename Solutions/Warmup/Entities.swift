import Contracts

extension ChirpToolkit {
    /// Step 1.
    public func hashtags(in text: String) throws -> [String] {
        entities(in: text, sigil: "#")
    }

    /// Step 1.
    public func mentions(in text: String) throws -> [String] {
        entities(in: text, sigil: "@")
    }

    /// The words that follow `sigil` at the start of a word, lowercased, each once.
    func entities(in text: String, sigil: Character) -> [String] {
        var found: [String] = []
        var previous: Character? = nil
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let startsWord = previous.map { !isWordCharacter($0) && $0 != "#" && $0 != "@" } ?? true
            guard character == sigil, startsWord else {
                previous = character
                index = text.index(after: index)
                continue
            }
            let bodyStart = text.index(after: index)
            let bodyEnd = text[bodyStart...].firstIndex { !isWordCharacter($0) } ?? text.endIndex
            let body = text[bodyStart..<bodyEnd]
            if body.contains(where: \.isLetter) {
                let entity = body.lowercased()
                if !found.contains(entity) { found.append(entity) }
            }
            previous = body.last ?? character
            index = bodyEnd
        }
        return found
    }
}

/// Letters, digits, combining marks and `_`: what hashtags and handles are made of.
func isWordCharacter(_ character: Character) -> Bool {
    character.unicodeScalars.allSatisfy(ChirpText.isWordScalar)
}
