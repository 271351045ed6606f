import Dispatch
import Foundation

/// Runs `count` pieces of work on all cores and collects their results in
/// order: the runner's stand-in for Spark's executor tasks.
enum ParallelWork {
    static func map<T>(_ count: Int, _ work: (Int) throws -> T) throws -> [T] {
        let slots = Slots<T>(count)
        withoutActuallyEscaping(work) { work in
            let box = UnsafeSendable(work)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                slots.set(index, Result { try box.value(index) })
            }
        }
        return try slots.results.map { try $0!.get() }
    }

    private final class Slots<T>: @unchecked Sendable {
        var results: [Result<T, any Error>?]
        init(_ count: Int) { results = Array(repeating: nil, count: count) }
        /// Each index is written by exactly one iteration.
        func set(_ index: Int, _ result: Result<T, any Error>) {
            results.withUnsafeMutableBufferPointer { $0[index] = result }
        }
    }

    private struct UnsafeSendable<V>: @unchecked Sendable {
        let value: V
        init(_ value: V) { self.value = value }
    }
}

/// Splits `bytes` into up to `parts` ranges of whole lines, about equal in size.
func lineAlignedRanges(_ bytes: UnsafeRawBufferPointer, parts: Int) -> [Range<Int>] {
    guard bytes.count > 0 else { return [] }
    var ranges: [Range<Int>] = []
    var start = 0
    for part in 1...max(1, parts) {
        guard start < bytes.count else { break }
        var end = part == parts ? bytes.count : max(start, bytes.count * part / parts)
        while end < bytes.count, end > 0, bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
        if end > start { ranges.append(start..<end) }
        start = end
    }
    return ranges
}

/// Calls `body` with each line of `bytes` (without its newline).
@inline(__always)
func forEachLine(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
    var start = 0
    let count = bytes.count
    guard let base = bytes.baseAddress else { return }
    while start < count {
        let found = memchr(base + start, 0x0A, count - start)
        let end = found.map { base.distance(to: UnsafeRawPointer($0)) } ?? count
        body(UnsafeRawBufferPointer(start: base + start, count: end - start))
        start = end + 1
    }
}
