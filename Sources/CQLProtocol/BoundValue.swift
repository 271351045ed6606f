/// A value bound to a marker of a query (a [value], spec §3): the
/// serialized bytes (spec §6), null, or "unset" (leaves the stored value alone).
public enum BoundValue: Hashable, Sendable {
    case value([UInt8])
    case null
    case unset

    /// The bytes, or nil for null and unset.
    public var bytes: [UInt8]? {
        if case .value(let bytes) = self { return bytes }
        return nil
    }
}
