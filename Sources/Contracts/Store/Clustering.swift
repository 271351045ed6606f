/// Where a row sits inside its partition: its clustering columns in a
/// byte-comparable encoding, so plain byte order (`memcmp`) is the table's
/// clustering order, ASC and DESC columns alike. Each column's encoding is
/// prefix-free, so the rows sharing their first columns share a byte prefix.
/// Empty for a table without clustering columns (one row per partition).
/// The query layer (given) encodes and decodes it; the storage engine only
/// compares bytes.
public struct Clustering: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The clustering of a table without clustering columns.
    public static let empty = Clustering([])

    public static func < (lhs: Clustering, rhs: Clustering) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    /// Whether these bytes begin with `prefix`.
    public func hasPrefix(_ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes[..<prefix.count].elementsEqual(prefix)
    }

    public var description: String { "clustering 0x\(bytes.hexString)" }
}

/// One end of a clustering slice. A bound is a clustering *prefix*: it stands
/// for every row whose clustering starts with `prefix`, so `c1 = 3` (a prefix
/// of `(c1, c2)`) covers all of c1 = 3's rows. Inclusive takes those rows in;
/// exclusive leaves them out.
public struct ClusteringBound: Hashable, Sendable, CustomStringConvertible {
    public var prefix: [UInt8]
    public var inclusive: Bool

    public init(prefix: [UInt8], inclusive: Bool) {
        self.prefix = prefix
        self.inclusive = inclusive
    }

    public var description: String { "\(inclusive ? "incl" : "excl") 0x\(prefix.hexString)" }
}

/// A slice of a partition's rows, in clustering order: Cassandra's `Slice`.
/// A nil end is unbounded.
public struct ClusteringRange: Hashable, Sendable, CustomStringConvertible {
    public var start: ClusteringBound?
    public var end: ClusteringBound?

    public init(start: ClusteringBound? = nil, end: ClusteringBound? = nil) {
        self.start = start
        self.end = end
    }

    /// Every row of the partition.
    public static let all = ClusteringRange()

    /// Exactly the rows whose clustering starts with `prefix` (all of them for the empty prefix).
    public static func prefix(_ prefix: [UInt8]) -> ClusteringRange {
        prefix.isEmpty ? .all : ClusteringRange(start: .init(prefix: prefix, inclusive: true),
                                                end: .init(prefix: prefix, inclusive: true))
    }

    /// Whether the row at `clustering` falls in this slice.
    public func contains(_ clustering: Clustering) -> Bool {
        if let start {
            if clustering.hasPrefix(start.prefix) {
                if !start.inclusive { return false }
            } else if clustering.bytes.lexicographicallyPrecedes(start.prefix) {
                return false
            }
        }
        if let end {
            if clustering.hasPrefix(end.prefix) {
                if !end.inclusive { return false }
            } else if !clustering.bytes.lexicographicallyPrecedes(end.prefix) {
                return false
            }
        }
        return true
    }

    public var description: String {
        "[\(start.map(\.description) ?? "-∞") … \(end.map(\.description) ?? "+∞")]"
    }
}
