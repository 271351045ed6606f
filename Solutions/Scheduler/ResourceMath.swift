import Contracts

/// Step 1: resource arithmetic. Scalars add and subtract by name; range sets
/// are sets of integers kept as sorted, coalesced ranges.
enum ResourceMath {
    /// `a` and `b` together.
    static func adding(_ a: Resources, _ b: Resources) throws -> Resources {
        var sum = a
        for (name, value) in b.scalars { sum.scalars[name, default: 0] += value }
        for (name, list) in b.ranges { sum.ranges[name] = (a.ranges[name] ?? []) + list }
        for (name, list) in sum.ranges { sum.ranges[name] = try coalesce(list) }
        return sum.normalizingScalars()
    }

    /// True when every resource of `b` is in `a`.
    static func contains(_ a: Resources, _ b: Resources) throws -> Bool {
        for (name, value) in b.scalars where Resources.round(value) > Resources.round(a[scalar: name]) {
            return false
        }
        for (name, list) in b.ranges {
            let have = try coalesce(a.ranges[name] ?? [])
            for range in list where range.count > 0 {
                guard have.contains(where: { $0.begin <= range.begin && range.end <= $0.end }) else { return false }
            }
        }
        return true
    }

    /// `a` without `b`, or nil when `a` does not contain `b`.
    static func subtracting(_ b: Resources, from a: Resources) throws -> Resources? {
        guard try contains(a, b) else { return nil }
        var rest = a
        for (name, value) in b.scalars { rest.scalars[name, default: 0] -= value }
        for (name, list) in a.ranges {
            rest.ranges[name] = try coalesce(list).flatMap { remove(b.ranges[name] ?? [], from: $0) }
        }
        return rest.normalizingScalars()
    }

    /// Sorted by begin, overlapping and touching ranges merged, empty ones dropped.
    static func coalesce(_ ranges: [ValueRange]) throws -> [ValueRange] {
        var merged: [ValueRange] = []
        for range in ranges.filter({ $0.count > 0 }).sorted(by: { $0.begin < $1.begin }) {
            if let last = merged.last, range.begin <= last.end + 1 {
                merged[merged.count - 1].end = max(last.end, range.end)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// What is left of `range` once every range in `holes` is cut out of it.
    private static func remove(_ holes: [ValueRange], from range: ValueRange) -> [ValueRange] {
        var pieces = [range]
        for hole in holes where hole.count > 0 {
            pieces = pieces.flatMap { piece -> [ValueRange] in
                guard hole.begin <= piece.end, piece.begin <= hole.end else { return [piece] }
                var left: [ValueRange] = []
                if piece.begin < hole.begin { left.append(ValueRange(piece.begin, hole.begin - 1)) }
                if hole.end < piece.end { left.append(ValueRange(hole.end + 1, piece.end)) }
                return left
            }
        }
        return pieces
    }
}
