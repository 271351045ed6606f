/// The text forms of an `inet` value: dotted IPv4 and RFC 5952 IPv6.
public enum InetAddress {
    /// The 4 or 16 address bytes of `1.2.3.4`, `::1` or `::ffff:1.2.3.4`; nil if not an address.
    public static func parse(_ text: String) -> [UInt8]? {
        if !text.contains(":") { return parseIPv4(Substring(text)) }
        var head: [UInt8] = [], tail: [UInt8] = []
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, into out: inout [UInt8], allowIPv4: Bool) -> Bool {
            if part.isEmpty { return true }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if allowIPv4, i == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return false }
                    out += v4
                } else {
                    guard (1...4).contains(piece.count), let group = UInt16(piece, radix: 16) else { return false }
                    out += [UInt8(group >> 8), UInt8(group & 0xFF)]
                }
            }
            return true
        }
        guard groups(halves[0], into: &head, allowIPv4: halves.count == 1) else { return nil }
        if halves.count == 2 {
            guard groups(halves[1], into: &tail, allowIPv4: true), head.count + tail.count <= 14 else { return nil }
            return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
        }
        return head.count == 16 ? head : nil
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let byte = UInt8(part) else { return nil }
            out.append(byte)
        }
        return out
    }

    /// `1.2.3.4`, or IPv6 in lower-case hex with the longest run of zero groups as `::`.
    public static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return "0x" + bytes.hexDigits }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best = (start: -1, length: 0), run = (start: -1, length: 0)
        for (i, group) in groups.enumerated() {
            if group == 0 {
                run = run.start < 0 ? (i, 1) : (run.start, run.length + 1)
                if run.length > best.length { best = run }
            } else {
                run = (-1, 0)
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let before = hex[..<best.start].joined(separator: ":")
        let after = hex[(best.start + best.length)...].joined(separator: ":")
        return before + "::" + after
    }
}
