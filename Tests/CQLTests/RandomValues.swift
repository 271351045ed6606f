import CQL
import Foundation

/// A small, seeded generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random values of a type, biased toward the edges (zero, signs, extremes,
/// shared prefixes, 0x00 bytes) where byte encodings go wrong.
enum RandomValues {
    static let types: [CQLType] = [
        .int, .bigint, .smallint, .tinyint, .boolean, .double, .float, .timestamp, .date, .time, .text, .ascii,
        .blob, .inet, .uuid, .timeuuid, .varint, .list(.int), .set(.text), .map(.int, .text),
        .tuple([.int, .text]), .frozen(.list(.bigint)),
    ]

    /// Types a clustering column can have (everything but decimal and duration).
    static let clusteringTypes: [CQLType] = types.map { type in
        switch type {
        case .list, .set, .map: .frozen(type)
        default: type
        }
    }

    static func integer<T: FixedWidthInteger>(_: T.Type, using rng: inout SeededGenerator) -> T {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return [T.min, T.max, 0, 1, T.zero &- 1].randomElement(using: &rng)!
        case 1: return T(truncatingIfNeeded: Int.random(in: -3...3, using: &rng))
        default: return T.random(in: T.min...T.max, using: &rng)
        }
    }

    static func bytes(using rng: inout SeededGenerator) -> [UInt8] {
        let alphabet: [UInt8] = [0x00, 0x01, 0x61, 0x62, 0x7F, 0xFE, 0xFF]
        return (0..<Int.random(in: 0...4, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
    }

    static func value(of type: CQLType, using rng: inout SeededGenerator) -> CQLValue {
        switch type {
        case .frozen(let inner): return value(of: inner, using: &rng)
        case .int: return .int(integer(Int32.self, using: &rng))
        case .bigint, .counter: return .bigint(integer(Int64.self, using: &rng))
        case .smallint: return .smallint(integer(Int16.self, using: &rng))
        case .tinyint: return .tinyint(integer(Int8.self, using: &rng))
        case .timestamp: return .timestamp(integer(Int64.self, using: &rng))
        case .date: return .date(integer(Int32.self, using: &rng))
        case .time: return .time(Int64.random(in: 0..<86_400_000_000_000, using: &rng))
        case .boolean: return .boolean(Bool.random(using: &rng))
        case .double:
            let specials: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]
            return .double(Bool.random(using: &rng) ? specials.randomElement(using: &rng)! : Double.random(in: -1e6...1e6, using: &rng))
        case .float:
            let specials: [Float] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude]
            return .float(Bool.random(using: &rng) ? specials.randomElement(using: &rng)! : Float.random(in: -1e6...1e6, using: &rng))
        case .text:
            let alphabet = ["", "a", "b", "\u{0}", "é", "ab", "z", "\u{7F}", "日"]
            return .text((0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined())
        case .ascii:
            let alphabet = ["", "a", "B", "\u{0}", "~", "ab"]
            return .text((0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined())
        case .blob, .custom: return .blob(bytes(using: &rng))
        case .inet:
            let length = Bool.random(using: &rng) ? 4 : 16
            return .inet((0..<length).map { _ in [0, 1, 0x7F, 0x80, 0xFF].randomElement(using: &rng)! })
        case .uuid:
            var b = (0..<16).map { _ in [0x00, 0x01, 0x7F, 0x80, 0xFF, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)! }
            b[6] = b[6] & 0x0F | UInt8([1, 1, 4, 3, 0].randomElement(using: &rng)!) << 4
            return .uuid(UUID(bytes: b))
        case .timeuuid:
            let ms = Int64.random(in: 0...3, using: &rng) + (Bool.random(using: &rng) ? 1_700_000_000_000 : 0)
            return .timeuuid(TimeUUID.make(milliseconds: ms, ticks: Int64.random(in: 0..<3, using: &rng),
                                           clockSeqAndNode: [0, 0x7F7F_7F7F_7F7F_7F7F, 0x8080_8080_8080_8080, UInt64.random(in: 0...UInt64.max, using: &rng)].randomElement(using: &rng)!,
                                           rawLow: true))
        case .varint:
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return .varint(CQLVarint(integer(Int64.self, using: &rng)))
            case 1: return .varint(CQLVarint(Int64.random(in: -300...300, using: &rng)))
            default:
                let digits = (0..<Int.random(in: 1...30, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
                return .varint(CQLVarint((Bool.random(using: &rng) ? "-" : "") + digits)!)
            }
        case .list(let e): return .list((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(of: e, using: &rng) })
        case .set(let e): return .set((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(of: e, using: &rng) })
        case .map(let k, let v):
            return .map((0..<Int.random(in: 0...3, using: &rng)).map { _ in .init(value(of: k, using: &rng), value(of: v, using: &rng)) })
        case .tuple(let types):
            return .tuple(types.map { Int.random(in: 0..<4, using: &rng) == 0 ? .null : value(of: $0, using: &rng) })
        case .decimal: return .decimal(unscaled: CQLVarint(integer(Int64.self, using: &rng)), scale: Int32.random(in: -3...3, using: &rng))
        case .duration: return .null
        }
    }
}
