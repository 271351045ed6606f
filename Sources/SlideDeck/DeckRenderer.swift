import Ink

/// Renders a deck to one self-contained HTML page: every slide a 1280×720
/// section, the style and the keyboard navigation inline, nothing fetched.
public struct DeckRenderer {
    private let markdown = MarkdownParser()

    public init() {}

    /// The whole page.
    public func html(_ deck: Deck) -> String {
        let sections = deck.slides.map { section($0, of: deck) }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(deck.title))</title>
            <style>
            \(DeckPage.style)
            </style>
            </head>
            <body>
            <main class="deck" data-slides="\(deck.slides.count)">
            \(sections)
            </main>
            <aside id="notes-panel" aria-label="Speaker notes"></aside>
            <script>
            \(DeckPage.script)
            </script>
            </body>
            </html>

            """
    }

    /// One slide: its content, a footer with its number, and its notes (hidden).
    func section(_ slide: Slide, of deck: Deck) -> String {
        let kind = slide.number == 1 ? "slide title-slide" : "slide"
        let notes = slide.notes.isEmpty ? "" : "\n<aside class=\"notes\">\(markdown.html(from: slide.notes))</aside>"
        return """
            <section class="\(kind)" id="\(slide.anchor)" data-number="\(slide.number)">
            <div class="content">\(markdown.html(from: slide.body))</div>
            <footer><span>\(escape(deck.title))</span><span>\(slide.number) / \(deck.slides.count)</span></footer>\(notes)
            </section>
            """
    }

    func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
