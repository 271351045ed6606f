import Foundation

extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// The JSON text as Jupyter writes a notebook (Python's `json.dumps(nb,
    /// indent=1, sort_keys=True, ensure_ascii=False)` plus a final newline),
    /// so a notebook saved here and by Jupyter is the same bytes.
    public func notebookText() -> String {
        var out = ""
        write(into: &out, depth: 0)
        return out + "\n"
    }

    private func write(into out: inout String, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .number(let value):
            out += value == value.rounded() && abs(value) < 1e16 ? String(format: "%.1f", value) : String(value)
        case .string(let value): JSONValue.quote(value, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += String(repeating: " ", count: depth + 1)
                item.write(into: &out, depth: depth + 1)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: depth) + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{\n"
            let keys = fields.keys.sorted()
            for (index, key) in keys.enumerated() {
                out += String(repeating: " ", count: depth + 1)
                JSONValue.quote(key, into: &out)
                out += ": "
                fields[key]!.write(into: &out, depth: depth + 1)
                out += index == keys.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: depth) + "}"
        }
    }

    /// A JSON string as Python writes it with ensure_ascii=False.
    private static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// `"display_data"` for `.string("display_data")`.
    public init(stringLiteral value: String) { self = .string(value) }
}
