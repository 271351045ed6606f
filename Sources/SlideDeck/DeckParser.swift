import Foundation

extension Deck {
    /// Reads a deck from its Markdown text.
    ///
    /// Throws a `DeckError` naming the line when the front matter is missing or
    /// has no title, a slide is empty or has no heading, or two slides claim
    /// the same step.
    public static func parse(_ text: String) throws -> Deck {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        let (front, bodyStart) = try frontMatter(lines)
        guard let title = front["title"], !title.isEmpty else {
            throw DeckError(line: 1, "the front matter has no title (add a line `title: …`)")
        }
        var slides: [Slide] = []
        for chunk in split(lines, from: bodyStart) {
            slides.append(try slide(chunk.lines, number: slides.count + 1, line: chunk.line))
        }
        guard !slides.isEmpty else { throw DeckError(line: bodyStart + 1, "the deck has no slides") }
        var seen: [Int: Slide] = [:]
        for slide in slides {
            guard let step = slide.step else { continue }
            if let earlier = seen[step] {
                throw DeckError(line: slide.line, "two slides are headed Step \(step) (the other at line \(earlier.line))")
            }
            seen[step] = slide
        }
        return Deck(title: title, lab: front["lab"], slides: slides)
    }

    /// The `key: value` lines between the first two `---` lines, and the
    /// index of the first line after them.
    static func frontMatter(_ lines: [String]) throws -> ([String: String], Int) {
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw DeckError(line: 1, "a deck starts with front matter: a `---` line, `title: …`, and another `---` line")
        }
        var values: [String: String] = [:]
        for index in 1..<lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line == "---" { return (values, index + 1) }
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw DeckError(line: index + 1, "front matter lines are `key: value` (got \"\(line)\")")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            values[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        throw DeckError(line: 1, "the front matter has no closing `---` line")
    }

    /// The slides' lines: split at `---` lines outside fenced code blocks.
    static func split(_ lines: [String], from start: Int) -> [(line: Int, lines: [String])] {
        var chunks: [(line: Int, lines: [String])] = []
        var current: [String] = []
        var currentStart = start
        var fence: String?
        for index in start..<lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = String(trimmed.prefix(3))
            } else if trimmed == "---" {
                chunks.append((currentStart + 1, current))
                current = []
                currentStart = index + 1
                continue
            }
            current.append(line)
        }
        chunks.append((currentStart + 1, current))
        return chunks
    }

    /// One slide from its lines: the heading, the body, and the notes after `Note:`.
    static func slide(_ lines: [String], number: Int, line: Int) throws -> Slide {
        var body: [String] = []
        var notes: [String] = []
        var inNotes = false
        var fenced = false
        var firstLine = line
        for text in lines {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { fenced.toggle() }
            if !fenced, !inNotes, trimmed.hasPrefix("Note:") {
                inNotes = true
                let rest = trimmed.dropFirst("Note:".count).trimmingCharacters(in: .whitespaces)
                if !rest.isEmpty { notes.append(rest) }
                continue
            }
            if inNotes { notes.append(text) } else { body.append(text) }
        }
        while body.first?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            body.removeFirst()
            firstLine += 1
        }
        guard let first = body.first else {
            throw DeckError(line: line, "slide \(number) is empty (two `---` lines in a row?)")
        }
        guard first.hasPrefix("#") else {
            throw DeckError(line: firstLine, "slide \(number) does not start with a heading (`# …` or `## …`)")
        }
        let heading = first.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
        guard !heading.isEmpty else {
            throw DeckError(line: firstLine, "slide \(number)'s heading is empty")
        }
        return Slide(number: number, line: firstLine, heading: heading,
                     body: body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines),
                     notes: notes.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
