import Contracts
import Foundation

/// The streaming lab: the operators, state, windows and checkpoints of a
/// micro-batch stream processor. Each step is in files of its own; start
/// with Operators.swift.
public struct StreamingToolkit: StreamingLab {
    public init() {}

    public func map<A, B>(_ transform: @escaping (A) -> B) throws -> Operator<A, B> {
        try Operators.map(transform)
    }

    public func filter<A>(_ isIncluded: @escaping (A) -> Bool) throws -> Operator<A, A> {
        try Operators.filter(isIncluded)
    }

    public func flatMap<A, B>(_ transform: @escaping (A) -> [B]) throws -> Operator<A, B> {
        try Operators.flatMap(transform)
    }

    public func chain<A, B, C>(_ first: Operator<A, B>, _ second: Operator<B, C>) throws -> Operator<A, C> {
        try Operators.chain(first, second)
    }

    public func makeKeyedCounts() -> any KeyedCounting {
        KeyedCounts()
    }

    public func windowStarts(containing ts: Int64, _ window: WindowSpec) throws -> [Int64] {
        try Windows.starts(containing: ts, window)
    }

    public func makeWindowedCounts(_ window: WindowSpec, maxOutOfOrderness: Int64, watermark: Int64) -> any WindowedCounting {
        WindowedCounts(window, maxOutOfOrderness: maxOutOfOrderness, watermark: watermark)
    }

    public func topK(_ counts: [String: Int64], k: Int) throws -> [RankedKey] {
        try TopK.of(counts, k: k)
    }

    public func writeCheckpoint(_ checkpoint: StreamCheckpoint, in directory: URL) throws {
        try Checkpoints(directory: directory).write(checkpoint)
    }

    public func latestCheckpoint(in directory: URL) throws -> StreamCheckpoint? {
        try Checkpoints(directory: directory).latest()
    }

    public func mostLikedAuthors(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey] {
        try BatchJobs.mostLikedAuthors(events, top: k)
    }

    public func hashtagPairs(_ events: [ChirpEvent], top k: Int) throws -> [RankedKey] {
        try BatchJobs.hashtagPairs(events, top: k)
    }
}
