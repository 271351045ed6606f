import Dispatch

/// Reads a line source's next chunk on another thread while the current one
/// is processed, so that reading the file overlaps the counting. Each chunk
/// comes with the source's offsets just after it: what a checkpoint of that
/// batch must record (the source itself is already one chunk further).
final class ChunkPrefetcher: @unchecked Sendable {
    typealias Chunk = (bytes: [UInt8], offsets: [String: Int64])

    private let source: LineSource
    private let queue = DispatchQueue(label: "box.stream.prefetch")
    private let ready = DispatchSemaphore(value: 0)
    /// Written on `queue`, read after `ready` is signalled.
    private var result: Result<Chunk?, any Error>?

    init(_ source: LineSource) {
        self.source = source
        readAhead()
    }

    private func readAhead() {
        queue.async {
            self.result = Result { try self.source.nextChunk().map { ($0, self.source.offsets) } }
            self.ready.signal()
        }
    }

    /// The next chunk and the offsets after it; nil at the end of the input.
    func next() throws -> Chunk? {
        ready.wait()
        let chunk = try result!.get()
        if chunk != nil {
            result = nil
            readAhead()
        } else {
            ready.signal()  // the end stays the answer for any later call
        }
        return chunk
    }
}
