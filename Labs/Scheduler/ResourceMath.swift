import Contracts

/// Step 1: resource arithmetic. Scalars add and subtract by name; range sets
/// are sets of integers kept as sorted, coalesced ranges.
enum ResourceMath {
    /// `a` and `b` together: scalars summed by name, range sets united and
    /// coalesced, then `normalizingScalars()`.
    static func adding(_ a: Resources, _ b: Resources) throws -> Resources {
        throw NotImplemented(step: 1)
    }

    /// True when every resource of `b` is in `a`: each scalar no larger than
    /// `a`'s (compare `Resources.round`ed values), each of `b`'s ranges inside
    /// one of `a`'s (coalesced) ranges.
    static func contains(_ a: Resources, _ b: Resources) throws -> Bool {
        throw NotImplemented(step: 1)
    }

    /// `a` without `b`, or nil when `a` does not contain `b`. Cutting a range
    /// out of the middle of another leaves two.
    static func subtracting(_ b: Resources, from a: Resources) throws -> Resources? {
        throw NotImplemented(step: 1)
    }

    /// Sorted by begin, overlapping and touching ranges merged, empty ones
    /// dropped: `[5-6, 1-3, 4-4]` → `[1-6]`. (Used by `adding` and `subtracting`.)
    static func coalesce(_ ranges: [ValueRange]) throws -> [ValueRange] {
        throw NotImplemented(step: 1)
    }
}
