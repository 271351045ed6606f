/// One slide deck: a Markdown file of slides separated by `---` lines, with
/// front matter on top (see `slides/README.md` for the format).
public struct Deck: Sendable, Equatable {
    /// The page title, from the front matter's `title`.
    public var title: String
    /// The lab this deck teaches (its `LAB=` name), from the front matter's `lab`.
    public var lab: String?
    /// The slides, in order; the first is the title slide.
    public var slides: [Slide]

    public init(title: String, lab: String? = nil, slides: [Slide]) {
        self.title = title
        self.lab = lab
        self.slides = slides
    }

    /// The step slides, by step number.
    public var steps: [Int: Slide] {
        Dictionary(slides.compactMap { slide in slide.step.map { ($0, slide) } }, uniquingKeysWith: { first, _ in first })
    }
}

/// One slide: its Markdown, and the speaker notes that follow its `Note:` line.
public struct Slide: Sendable, Equatable {
    /// 1-based position in the deck; `#7` in the page's address shows it.
    public var number: Int
    /// The line of the deck file where the slide starts (for error messages).
    public var line: Int
    /// The heading's text, without the `#` marks.
    public var heading: String
    /// The Markdown shown on the slide.
    public var body: String
    /// The speaker notes' Markdown; empty when the slide has none.
    public var notes: String

    public init(number: Int, line: Int, heading: String, body: String, notes: String = "") {
        self.number = number
        self.line = line
        self.heading = heading
        self.body = body
        self.notes = notes
    }

    /// The lab step this slide teaches, when it is headed `## Step N: …`.
    public var step: Int? {
        guard heading.hasPrefix("Step "), let colon = heading.firstIndex(of: ":") else { return nil }
        return Int(heading[heading.index(heading.startIndex, offsetBy: 5)..<colon])
    }

    /// The step's title, the text after `Step N: `.
    public var stepTitle: String? {
        guard step != nil, let colon = heading.firstIndex(of: ":") else { return nil }
        return heading[heading.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    /// The anchor the page gives the slide: `step-N` for a step slide, else `slide-N`.
    public var anchor: String {
        step.map { "step-\($0)" } ?? "slide-\(number)"
    }
}

/// A deck file that does not follow the format, with the line it is about.
public struct DeckError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
