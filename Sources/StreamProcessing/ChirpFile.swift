import Contracts
import Foundation

/// A bounded file of Chirp events, one JSON object per line: the input of batch jobs.
public enum ChirpFile {
    /// Every event of the file; lines that are not valid events are counted, not fatal.
    public static func read(_ path: String) throws -> (events: [ChirpEvent], malformed: Int) {
        let source = try LineSource(path: path)
        var events: [ChirpEvent] = []
        var malformed = 0
        while let chunk = try source.nextChunk() {
            chunk.withUnsafeBytes { bytes in
                forEachLine(bytes) { line in
                    guard line.contains(where: { $0 != 0x20 && $0 != 0x0D }) else { return }
                    if let event = try? ChirpEvent(json: Data(line)) { events.append(event) } else { malformed += 1 }
                }
            }
        }
        return (events, malformed)
    }
}
