// `slides`: renders slide decks (Markdown, see slides/README.md) to
// self-contained HTML pages. `make slides` runs it over every deck.
//
//     slides --out slides/html slides/overview.md slides/log.md …
import Foundation
import SlideDeck

var arguments = Array(CommandLine.arguments.dropFirst())
var output = "slides/html"
if let flag = arguments.firstIndex(of: "--out") {
    guard flag + 1 < arguments.count else {
        FileHandle.standardError.write(Data("slides: --out needs a folder\n".utf8))
        exit(2)
    }
    output = arguments[flag + 1]
    arguments.removeSubrange(flag...flag + 1)
}
guard !arguments.isEmpty else {
    FileHandle.standardError.write(Data("usage: slides [--out FOLDER] DECK.md…\n".utf8))
    exit(2)
}

var failed = false
try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
for path in arguments {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write(Data("\(path): cannot read this deck (no such file?)\n".utf8))
        failed = true
        continue
    }
    do {
        let deck = try Deck.parse(text)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let target = URL(fileURLWithPath: output).appendingPathComponent(name + ".html")
        try DeckRenderer().html(deck).write(to: target, atomically: true, encoding: .utf8)
        print("\(target.path): \(deck.slides.count) slides")
    } catch let error as DeckError {
        FileHandle.standardError.write(Data("\(path):\(error.line): \(error.message)\n".utf8))
        failed = true
    } catch {
        FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
