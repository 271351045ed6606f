import SlideDeck
import XCTest

final class DeckParserTests: XCTestCase {
    let sample = """
        ---
        title: The log
        lab: log
        ---

        # The log

        Kafka from the inside

        ---

        ## Step 3: Read from an offset

        ```text
        a code block with a separator inside
        ---
        Note: not a note either
        ```

        - whole batches only

        Note:
        Ask the room why a consumer skips records itself.

        ---
        ## Production adds
        Replication. Note: inline, not a notes line.
        """

    func testSlidesSplitAtSeparatorsOutsideCodeBlocks() throws {
        let deck = try Deck.parse(sample)
        XCTAssertEqual(deck.title, "The log")
        XCTAssertEqual(deck.lab, "log")
        XCTAssertEqual(deck.slides.map(\.heading), ["The log", "Step 3: Read from an offset", "Production adds"])
        XCTAssertEqual(deck.slides.map(\.number), [1, 2, 3])
        XCTAssertEqual(deck.slides.map(\.line), [6, 12, 26])
        XCTAssertTrue(deck.slides[1].body.contains("---\nNote: not a note either"))
    }

    func testNotesFollowTheNoteLine() throws {
        let deck = try Deck.parse(sample)
        XCTAssertEqual(deck.slides[1].notes, "Ask the room why a consumer skips records itself.")
        XCTAssertFalse(deck.slides[1].body.contains("Ask the room"))
        XCTAssertEqual(deck.slides[2].notes, "", "a Note: in the middle of a line is text")
    }

    func testStepSlidesAreAnchoredByStep() throws {
        let deck = try Deck.parse(sample)
        XCTAssertEqual(deck.slides[1].step, 3)
        XCTAssertEqual(deck.slides[1].stepTitle, "Read from an offset")
        XCTAssertEqual(deck.slides.map(\.anchor), ["slide-1", "step-3", "slide-3"])
        XCTAssertEqual(deck.steps.keys.sorted(), [3])
    }

    func testMistakesNameTheirLine() {
        func error(_ text: String) -> DeckError? {
            do { _ = try Deck.parse(text); return nil } catch { return error as? DeckError }
        }
        XCTAssertEqual(error("# no front matter")?.line, 1)
        XCTAssertEqual(error("---\nlab: log\n---\n# x")?.message.contains("no title"), true)
        XCTAssertEqual(error("---\ntitle: t\n---\n# one\n---\n---\n## three"),
                       DeckError(line: 6, "slide 2 is empty (two `---` lines in a row?)"))
        XCTAssertEqual(error("---\ntitle: t\n---\n# one\n---\n\nno heading here"),
                       DeckError(line: 7, "slide 2 does not start with a heading (`# …` or `## …`)"))
        XCTAssertEqual(error("---\ntitle: t\n---\n## Step 1: a\n---\n## Step 1: b")?.line, 6)
    }

    func testThePageHasEverySlideItsAnchorsAndHiddenNotes() throws {
        let html = DeckRenderer().html(try Deck.parse(sample))
        XCTAssertTrue(html.contains("<title>The log</title>"))
        XCTAssertEqual(html.components(separatedBy: "<section class=\"slide").count - 1, 3)
        XCTAssertTrue(html.contains("id=\"step-3\""))
        XCTAssertTrue(html.contains("<aside class=\"notes\"><p>Ask the room"))
        XCTAssertTrue(html.contains("<h2>Step 3: Read from an offset</h2>"))
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "nothing is fetched from elsewhere")
    }

    func testTitlesAreEscaped() throws {
        let html = DeckRenderer().html(try Deck.parse("---\ntitle: <b>&\n---\n# x"))
        XCTAssertTrue(html.contains("<title>&lt;b&gt;&amp;</title>"))
    }
}
