/// An arbitrary-precision integer (CQL `varint`, and a `decimal`'s unscaled
/// value), held as the native protocol serializes it: big-endian two's
/// complement in the fewest bytes (zero is one 0x00 byte).
public struct CQLVarint: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Minimal big-endian two's complement; never empty.
    public let bytes: [UInt8]

    /// From two's complement bytes, any length (empty reads as zero).
    public init(twosComplement bytes: [UInt8]) {
        var trimmed = ArraySlice(bytes.isEmpty ? [0] : bytes)
        while trimmed.count > 1 {
            let first = trimmed[trimmed.startIndex], second = trimmed[trimmed.startIndex + 1]
            if (first == 0x00 && second & 0x80 == 0) || (first == 0xFF && second & 0x80 != 0) {
                trimmed = trimmed.dropFirst()
            } else { break }
        }
        self.bytes = Array(trimmed)
    }

    public init(_ value: Int64) {
        self.init(twosComplement: withUnsafeBytes(of: value.bigEndian) { Array($0) })
    }

    /// From decimal digits with an optional sign: `-12345678901234567890`; nil if not a number.
    public init?(_ text: String) {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var magnitude: [UInt32] = [] // little-endian limbs
        for digit in digits.utf8 {
            var carry = UInt64(digit - 48)
            for i in magnitude.indices {
                let product = UInt64(magnitude[i]) * 10 + carry
                magnitude[i] = UInt32(truncatingIfNeeded: product)
                carry = product >> 32
            }
            if carry != 0 { magnitude.append(UInt32(carry)) }
        }
        self.init(magnitude: magnitude, negative: negative)
    }

    /// From little-endian 32-bit limbs of the absolute value and a sign.
    init(magnitude: [UInt32], negative: Bool) {
        var bigEndian: [UInt8] = [0]
        for limb in magnitude.reversed() {
            bigEndian += [UInt8(limb >> 24), UInt8(truncatingIfNeeded: limb >> 16),
                          UInt8(truncatingIfNeeded: limb >> 8), UInt8(truncatingIfNeeded: limb)]
        }
        if negative { // two's complement: invert and add one
            var carry = true
            for i in bigEndian.indices.reversed() {
                bigEndian[i] = ~bigEndian[i]
                if carry { (bigEndian[i], carry) = bigEndian[i].addingReportingOverflow(1) }
            }
        }
        self.init(twosComplement: bigEndian)
    }

    public var isNegative: Bool { bytes[0] & 0x80 != 0 }

    /// The absolute value as big-endian bytes without leading zeros (empty for zero).
    public var magnitude: [UInt8] {
        var value = bytes
        if isNegative {
            var carry = true
            for i in value.indices.reversed() {
                value[i] = ~value[i]
                if carry { (value[i], carry) = value[i].addingReportingOverflow(1) }
            }
        }
        return Array(value.drop { $0 == 0 })
    }

    /// From the absolute value's big-endian bytes and a sign.
    public init(magnitude: [UInt8], negative: Bool) {
        var limbs: [UInt32] = []
        var index = magnitude.count
        while index > 0 {
            let start = max(0, index - 4)
            limbs.append(magnitude[start..<index].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            index = start
        }
        self.init(magnitude: limbs, negative: negative)
    }

    /// The value as an `Int64` when it fits.
    public var int64: Int64? {
        guard bytes.count <= 8 else { return nil }
        let extended = [UInt8](repeating: isNegative ? 0xFF : 0, count: 8 - bytes.count) + bytes
        return extended.reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    /// Decimal digits with a leading `-` when negative.
    public var description: String {
        if let small = int64 { return String(small) }
        var limbs: [UInt32] = [] // big-endian limbs of the magnitude
        let magnitude = magnitude
        let padded = [UInt8](repeating: 0, count: (4 - magnitude.count % 4) % 4) + magnitude
        for start in stride(from: 0, to: padded.count, by: 4) {
            limbs.append(padded[start..<start + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        var digits: [UInt8] = []
        while limbs.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for i in limbs.indices {
                let current = remainder << 32 | UInt64(limbs[i])
                limbs[i] = UInt32(current / 10)
                remainder = current % 10
            }
            digits.append(UInt8(remainder) + 48)
        }
        return (isNegative ? "-" : "") + String(decoding: digits.reversed(), as: UTF8.self)
    }

    public static func < (lhs: CQLVarint, rhs: CQLVarint) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        if lhs.bytes.count != rhs.bytes.count {
            return lhs.isNegative ? lhs.bytes.count > rhs.bytes.count : lhs.bytes.count < rhs.bytes.count
        }
        return lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}
