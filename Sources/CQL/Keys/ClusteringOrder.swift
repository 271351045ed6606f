/// The order of a clustering column within its partition, as `WITH
/// CLUSTERING ORDER BY (c DESC)` sets it, or of an `ORDER BY` term.
public enum ClusteringOrder: String, Hashable, Sendable, CustomStringConvertible {
    case ascending = "ASC"
    case descending = "DESC"

    /// The other order.
    public var reversed: ClusteringOrder { self == .ascending ? .descending : .ascending }

    /// `ASC` or `DESC`, as `system_schema.columns.clustering_order` spells it in lower case.
    public var description: String { rawValue }
}
