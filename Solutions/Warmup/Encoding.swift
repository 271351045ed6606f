import Contracts

extension ChirpToolkit {
    /// Step 2.
    public func encode(_ event: ChirpEvent) throws -> String {
        var fields = [
            ("id", quoted(event.id)),
            ("type", quoted(event.kind.rawValue)),
            ("user", String(event.user)),
            ("ts", String(event.ts)),
        ]
        switch event.action {
        case .post(let text): fields.append(("text", quoted(text)))
        case .like(let post): fields.append(("post", quoted(post)))
        case .follow(let followee): fields.append(("followee", String(followee)))
        }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// `text` as a JSON string literal.
    func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
