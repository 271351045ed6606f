extension CQLValue: CustomStringConvertible {
    /// The value as a CQL literal: `'it''s'`, `42`, `0xcafe`, `[1, 2]`,
    /// `{'a': 1}`, `'2024-03-01T12:00:00.000Z'`, `null`. Parsing it back as a
    /// term of the same type gives the value again.
    public var cqlLiteral: String {
        switch self {
        case .null: "null"
        case .text(let text): Self.quoted(text)
        case .int(let n): String(n)
        case .bigint(let n): String(n)
        case .smallint(let n): String(n)
        case .tinyint(let n): String(n)
        case .boolean(let b): b ? "true" : "false"
        case .double(let d): Self.floatLiteral(d)
        case .float(let f): Self.floatLiteral(Double(f), text: "\(f)")
        case .timestamp(let ms): Self.quoted(CivilTime.formatTimestamp(milliseconds: ms))
        case .date(let days): Self.quoted(CivilTime.formatDate(days: Int64(days)))
        case .time(let nanos): Self.quoted(CivilTime.formatTime(nanoseconds: nanos))
        case .uuid(let id), .timeuuid(let id): id.uuidString.lowercased()
        case .blob(let bytes): "0x" + bytes.hexDigits
        case .inet(let bytes): Self.quoted(InetAddress.format(bytes))
        case .varint(let n): n.description
        case .decimal(let unscaled, let scale): Self.decimalText(unscaled, scale)
        case .list(let elements): "[" + elements.map(\.cqlLiteral).joined(separator: ", ") + "]"
        case .set(let elements): "{" + elements.map(\.cqlLiteral).joined(separator: ", ") + "}"
        case .map(let entries): "{" + entries.map { "\($0.key.cqlLiteral): \($0.value.cqlLiteral)" }.joined(separator: ", ") + "}"
        case .tuple(let fields): "(" + fields.map(\.cqlLiteral).joined(separator: ", ") + ")"
        }
    }

    /// The CQL literal (`cqlLiteral`).
    public var description: String { cqlLiteral }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func floatLiteral(_ d: Double, text: String? = nil) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return text ?? "\(d)"
    }

    static func decimalText(_ unscaled: CQLVarint, _ scale: Int32) -> String {
        var digits = unscaled.description
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        if scale <= 0 { return (negative ? "-" : "") + digits + (scale < 0 ? "E+\(-Int(scale))" : "") }
        let scale = Int(scale)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        return (negative ? "-" : "") + digits
    }
}
