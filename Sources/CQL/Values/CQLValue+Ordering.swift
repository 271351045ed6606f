import Foundation

extension CQLValue {
    /// Cassandra's order of two values of `type` (its `AbstractType.compare`):
    /// negative, zero or positive. Numbers by value (floating point as Java's
    /// `Double.compare`: -0.0 before 0.0, NaN last); text, blobs and inet by
    /// unsigned bytes; `uuid` by version, then time for version 1, then
    /// bytes; `timeuuid` by time, then its last 8 bytes as signed bytes;
    /// collections and tuples element by element, shorter first; `.null` first.
    public static func compare(_ lhs: CQLValue, _ rhs: CQLValue, as type: CQLType) -> Int {
        switch (lhs, rhs) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.text(let a), .text(let b)): return compareBytes(Array(a.utf8), Array(b.utf8))
        case (.int(let a), .int(let b)): return order(a, b)
        case (.bigint(let a), .bigint(let b)), (.timestamp(let a), .timestamp(let b)), (.time(let a), .time(let b)): return order(a, b)
        case (.smallint(let a), .smallint(let b)): return order(a, b)
        case (.tinyint(let a), .tinyint(let b)): return order(a, b)
        case (.date(let a), .date(let b)): return order(a, b)
        case (.boolean(let a), .boolean(let b)): return order(a ? 1 : 0, b ? 1 : 0)
        case (.double(let a), .double(let b)): return order(a.javaOrderKey, b.javaOrderKey)
        case (.float(let a), .float(let b)): return order(Double(a).javaOrderKey, Double(b).javaOrderKey)
        case (.blob(let a), .blob(let b)), (.inet(let a), .inet(let b)): return compareBytes(a, b)
        case (.varint(let a), .varint(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.decimal(let a, let s), .decimal(let b, let t)):
            let scale = max(s, t)
            let x = a.timesPowerOfTen(Int(scale - s)), y = b.timesPowerOfTen(Int(scale - t))
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.uuid(let a), .uuid(let b)), (.uuid(let a), .timeuuid(let b)),
             (.timeuuid(let a), .uuid(let b)), (.timeuuid(let a), .timeuuid(let b)):
            if case .timeuuid = type.unfrozen { return compareBytes(UUIDOrder.timeUUIDKey(a), UUIDOrder.timeUUIDKey(b)) }
            return compareBytes(UUIDOrder.uuidKey(a), UUIDOrder.uuidKey(b))
        case (.list(let a), .list(let b)), (.set(let a), .set(let b)):
            let element: CQLType
            switch type.unfrozen {
            case .list(let e), .set(let e): element = e
            default: element = .blob
            }
            for (x, y) in zip(a, b) {
                let c = compare(x, y, as: element)
                if c != 0 { return c }
            }
            return order(a.count, b.count)
        case (.map(let a), .map(let b)):
            guard case .map(let keyType, let valueType) = type.unfrozen else { return order(a.count, b.count) }
            for (x, y) in zip(a, b) {
                let c = compare(x.key, y.key, as: keyType)
                if c != 0 { return c }
                let d = compare(x.value, y.value, as: valueType)
                if d != 0 { return d }
            }
            return order(a.count, b.count)
        case (.tuple(let a), .tuple(let b)):
            guard case .tuple(let types) = type.unfrozen else { return order(a.count, b.count) }
            for (index, fieldType) in types.enumerated() {
                let x = index < a.count ? a[index] : .null, y = index < b.count ? b[index] : .null
                let c = compare(x, y, as: fieldType)
                if c != 0 { return c }
            }
            return 0
        default:
            // Values of different kinds: not comparable in CQL; order them stably by their kind.
            return order(lhs.kindRank, rhs.kindRank)
        }
    }

    /// Sorted in the type's order, keeping the last of equal values (as a
    /// set literal `{1, 1}` or a map literal `{k: 1, k: 2}` does).
    static func sortedUnique(_ values: [CQLValue], as type: CQLType) -> [CQLValue] {
        sortedUnique(values.map { MapEntry($0, .null) }, as: type).map(\.key)
    }

    static func sortedUnique(_ entries: [MapEntry], as keyType: CQLType) -> [MapEntry] {
        let sorted = entries.enumerated().sorted { a, b in
            let c = compare(a.element.key, b.element.key, as: keyType)
            return c != 0 ? c < 0 : a.offset < b.offset
        }.map(\.element)
        var out: [MapEntry] = []
        out.reserveCapacity(sorted.count)
        for entry in sorted {
            if let last = out.last, compare(last.key, entry.key, as: keyType) == 0 {
                out[out.count - 1] = entry
            } else {
                out.append(entry)
            }
        }
        return out
    }

    /// This value with sets sorted and deduplicated and maps sorted by key,
    /// all the way down, as Cassandra returns them.
    public func normalized(as type: CQLType) -> CQLValue {
        switch (type.unfrozen, self) {
        case (.list(let e), .list(let elements)): return .list(elements.map { $0.normalized(as: e) })
        case (.set(let e), .set(let elements)), (.set(let e), .list(let elements)):
            return .set(Self.sortedUnique(elements.map { $0.normalized(as: e) }, as: e))
        case (.map(let k, let v), .map(let entries)):
            return .map(Self.sortedUnique(entries.map { MapEntry($0.key.normalized(as: k), $0.value.normalized(as: v)) }, as: k))
        case (.tuple(let types), .tuple(let fields)):
            return .tuple(zip(fields, types).map { $0.normalized(as: $1) } + fields.dropFirst(types.count))
        default: return self
        }
    }

    private var kindRank: Int {
        switch self {
        case .null: 0
        case .text: 1
        case .int: 2
        case .bigint: 3
        case .smallint: 4
        case .tinyint: 5
        case .boolean: 6
        case .double: 7
        case .float: 8
        case .timestamp: 9
        case .date: 10
        case .time: 11
        case .uuid: 12
        case .timeuuid: 13
        case .blob: 14
        case .inet: 15
        case .varint: 16
        case .decimal: 17
        case .list: 18
        case .set: 19
        case .map: 20
        case .tuple: 21
        }
    }
}

func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

/// Unsigned lexicographic comparison, shorter first on a tie.
func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
    for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
    return order(a.count, b.count)
}

extension Double {
    /// A key whose signed order is Java's `Double.compare`: -0.0 before 0.0, every NaN equal and last.
    var javaOrderKey: Int64 {
        let bits = Int64(bitPattern: (isNaN ? Double.nan : self).bitPattern)
        return bits < 0 ? bits ^ Int64.max : bits
    }
}

/// The orders Cassandra gives UUIDs, as byte strings that compare the same way.
enum UUIDOrder {
    /// `UUIDType`: version, then the timestamp for version 1 (else the high
    /// 8 bytes), then the low 8 bytes, all unsigned.
    static func uuidKey(_ id: UUID) -> [UInt8] {
        let bytes = id.bytes
        let high = id.version == 1 ? timestampOrdered(bytes) : Array(bytes[0..<8])
        return [UInt8(id.version)] + high + bytes[8..<16]
    }

    /// `TimeUUIDType`: the timestamp, then the low 8 bytes compared as signed bytes.
    static func timeUUIDKey(_ id: UUID) -> [UInt8] {
        let bytes = id.bytes
        return timestampOrdered(bytes) + bytes[8..<16].map { $0 ^ 0x80 }
    }

    /// The high 8 bytes reordered time_hi_and_version, time_mid, time_low.
    static func timestampOrdered(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes[6..<8] + bytes[4..<6] + bytes[0..<4])
    }

    /// The inverse of `timestampOrdered`.
    static func timestampUnordered(_ ordered: ArraySlice<UInt8>) -> [UInt8] {
        let o = Array(ordered)
        return Array(o[4..<8] + o[2..<4] + o[0..<2])
    }
}

extension CQLVarint {
    /// self × 10^power.
    func timesPowerOfTen(_ power: Int) -> CQLVarint {
        guard power > 0 else { return self }
        var limbs: [UInt32] = []
        let magnitude = self.magnitude
        var index = magnitude.count
        while index > 0 {
            let start = max(0, index - 4)
            limbs.append(magnitude[start..<index].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            index = start
        }
        for _ in 0..<power {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let product = UInt64(limbs[i]) * 10 + carry
                limbs[i] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry != 0 { limbs.append(UInt32(carry)) }
        }
        return CQLVarint(magnitude: limbs, negative: isNegative)
    }
}
