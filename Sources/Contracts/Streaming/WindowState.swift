/// One window's keyed counts: what a windowed aggregation keeps per open
/// window, emits when the window closes and writes into a checkpoint.
public struct WindowState: Hashable, Sendable, Codable {
    /// The window's start (inclusive), in milliseconds of event time.
    public var start: Int64
    /// How many events each key had in the window.
    public var counts: [String: Int64]

    public init(start: Int64, counts: [String: Int64] = [:]) {
        self.start = start
        self.counts = counts
    }
}

/// A key and its count: one line of a top-K answer.
public struct RankedKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var key: String
    public var count: Int64

    public init(_ key: String, _ count: Int64) {
        self.key = key
        self.count = count
    }

    /// The top-K order: more first; on a tie, the key that is greater in byte
    /// (UTF-8) order first. A strict total order, so any two correct top-K
    /// implementations give the same answer.
    public static func ranksBefore(_ a: RankedKey, _ b: RankedKey) -> Bool {
        if a.count != b.count { return a.count > b.count }
        return b.key.utf8.lexicographicallyPrecedes(a.key.utf8)
    }

    public var description: String { "\(key)=\(count)" }
}
