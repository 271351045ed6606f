import Foundation

/// Turns a statement's terms into typed values for the query layer, checking
/// them against the receiving column's type with Cassandra's messages.
///
/// ```swift
/// let converter = TermConverter(bindings: bindings)
/// let age = try converter.value(of: .integer("42"), as: .int, for: "age")   // .int(42)
/// ```
public struct TermConverter: Sendable {
    /// The values bound to the statement's markers.
    public var bindings: Bindings
    /// The clock of `now()`, `currentTimestamp()` and friends.
    public var clock: @Sendable () -> Date

    public init(bindings: Bindings = .none, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.bindings = bindings
        self.clock = clock
    }

    /// The value of `term` for `receiver` (a column name, for messages) of
    /// type `type`: `.null` for null, nil for an unset bound value (leave the
    /// column alone). Sets come out sorted and deduplicated, maps sorted by key.
    public func value(of term: Term, as type: CQLType, for receiver: String) throws(InvalidRequest) -> CQLValue? {
        if case .bindMarker(let marker) = term {
            switch try bindings.value(for: marker) {
            case .unset: return nil
            case .null: return .null
            case .bytes(let bytes):
                do {
                    return try CQLValue.deserialize(bytes, as: type)
                } catch {
                    throw InvalidRequest("Exception while binding column \(receiver): \(error.message)")
                }
            }
        }
        return try literal(term, as: type, for: receiver)
    }

    /// `value(of:as:for:)` for a term that must have a value: an unset bound value is an error.
    public func requiredValue(of term: Term, as type: CQLType, for receiver: String) throws(InvalidRequest) -> CQLValue {
        guard let value = try value(of: term, as: type, for: receiver) else {
            throw InvalidRequest("Invalid unset value for \(receiver)")
        }
        return value
    }

    func literal(_ term: Term, as type: CQLType, for receiver: String) throws(InvalidRequest) -> CQLValue {
        func invalid(_ kind: String, _ text: String) -> InvalidRequest {
            InvalidRequest("Invalid \(kind) constant (\(text)) for \"\(receiver)\" of type \(type)")
        }
        let base = type.unfrozen
        switch term {
        case .null: return .null
        case .bindMarker:
            guard let value = try value(of: term, as: type, for: receiver) else {
                throw InvalidRequest("Invalid unset value for \(receiver)")
            }
            return value
        case .function(let name, let arguments):
            let (value, resultType) = try evaluate(name, arguments, for: receiver)
            if resultType == base { return value }
            switch (resultType, base, value) {
            case (.timeuuid, .uuid, .timeuuid(let id)): return .uuid(id)
            case (.text, .ascii, .text), (.bigint, .counter, .bigint): return value
            default:
                throw InvalidRequest("Type error: cannot assign result of function system.\(name) (type \(resultType)) to \(receiver) (type \(type))")
            }
        case .string(let text):
            switch base {
            case .text: return .text(text)
            case .ascii:
                guard text.utf8.allSatisfy({ $0 < 0x80 }) else { throw InvalidRequest("Invalid ASCII character in string literal \(CQLValue.quoted(text)) for \"\(receiver)\"") }
                return .text(text)
            case .timestamp:
                guard let ms = CivilTime.parseTimestamp(text) else {
                    throw InvalidRequest("Unable to coerce '\(text)' to a formatted date (long)")
                }
                return .timestamp(ms)
            case .date:
                guard let days = CivilTime.parseDate(text), let small = Int32(exactly: days) else {
                    throw InvalidRequest("Unable to coerce '\(text)' to a formatted date (long)")
                }
                return .date(small)
            case .time:
                guard let nanos = CivilTime.parseTime(text) else {
                    throw InvalidRequest("Unable to coerce '\(text)' to a formatted time (long): Timestamp format must be hh:mm:ss[.fffffffff]")
                }
                return .time(nanos)
            case .inet:
                guard let bytes = InetAddress.parse(text) else { throw InvalidRequest("Unable to make inet address from '\(text)'") }
                return .inet(bytes)
            default: throw invalid("STRING", text)
            }
        case .integer(let text):
            func integer<T: FixedWidthInteger>(_: T.Type) throws(InvalidRequest) -> T {
                guard let n = T(text) else { throw InvalidRequest("Unable to make \(type) from '\(text)'") }
                return n
            }
            switch base {
            case .int: return .int(try integer(Int32.self))
            case .bigint, .counter: return .bigint(try integer(Int64.self))
            case .smallint: return .smallint(try integer(Int16.self))
            case .tinyint: return .tinyint(try integer(Int8.self))
            case .timestamp: return .timestamp(try integer(Int64.self))
            case .date:
                // Cassandra's raw form: days with the epoch at 2^31.
                let raw = try integer(UInt32.self)
                return .date(Int32(bitPattern: raw ^ 0x8000_0000))
            case .time:
                let nanos = try integer(Int64.self)
                guard (0..<86_400_000_000_000).contains(nanos) else { throw InvalidRequest("Unable to make time from '\(text)': out of range") }
                return .time(nanos)
            case .varint: return .varint(CQLVarint(text)!)
            case .decimal: return .decimal(unscaled: CQLVarint(text)!, scale: 0)
            case .double: return .double(Double(text)!)
            case .float: return .float(Float(text)!)
            default: throw invalid("INTEGER", text)
            }
        case .float(let text):
            switch base {
            case .double:
                guard let d = Double(text) else { throw InvalidRequest("Unable to make double from '\(text)'") }
                return .double(d)
            case .float:
                guard let f = Float(text) else { throw InvalidRequest("Unable to make float from '\(text)'") }
                return .float(f)
            case .decimal:
                guard let (unscaled, scale) = Self.decimal(text) else { throw InvalidRequest("Unable to make decimal from '\(text)'") }
                return .decimal(unscaled: unscaled, scale: scale)
            default: throw invalid("FLOAT", text)
            }
        case .boolean(let b):
            guard base == .boolean else { throw invalid("BOOLEAN", b ? "true" : "false") }
            return .boolean(b)
        case .uuid(let id):
            switch base {
            case .uuid: return .uuid(id)
            case .timeuuid:
                guard id.version == 1 else { throw InvalidRequest("Unsupported UUID version (\(id.version)) for \"\(receiver)\" of type timeuuid") }
                return .timeuuid(id)
            default: throw invalid("UUID", id.uuidString.lowercased())
            }
        case .blob(let bytes):
            switch base {
            case .blob, .custom: return .blob(bytes)
            default: throw invalid("HEX", "0x" + bytes.hexDigits)
            }
        case .list(let elements):
            guard case .list(let elementType) = base else { throw InvalidRequest("Invalid list literal for \(receiver) of type \(type)") }
            return .list(try self.elements(elements, as: elementType, for: receiver))
        case .set(let elements):
            guard case .set(let elementType) = base else { throw InvalidRequest("Invalid set literal for \(receiver) of type \(type)") }
            return .set(CQLValue.sortedUnique(try self.elements(elements, as: elementType, for: receiver), as: elementType))
        case .map(let entries):
            if entries.isEmpty, case .set = base { return .set([]) }
            guard case .map(let keyType, let valueType) = base else { throw InvalidRequest("Invalid map literal for \(receiver) of type \(type)") }
            var values: [CQLValue.MapEntry] = []
            for entry in entries {
                let key = try self.elements([entry.key], as: keyType, for: receiver)[0]
                let value = try self.elements([entry.value], as: valueType, for: receiver)[0]
                values.append(.init(key, value))
            }
            return .map(CQLValue.sortedUnique(values, as: keyType))
        case .tuple(let fields):
            guard case .tuple(let types) = base else { throw InvalidRequest("Invalid tuple literal for \(receiver) of type \(type)") }
            guard fields.count <= types.count else {
                throw InvalidRequest("Invalid tuple literal for \(receiver): too many elements. Type \(type) expects \(types.count) but got \(fields.count)")
            }
            var values: [CQLValue] = []
            for (field, fieldType) in zip(fields, types) {
                values.append(try value(of: field, as: fieldType, for: receiver) ?? .null)
            }
            return .tuple(values)
        }
    }

    func elements(_ terms: [Term], as type: CQLType, for receiver: String) throws(InvalidRequest) -> [CQLValue] {
        var values: [CQLValue] = []
        for term in terms {
            guard let value = try value(of: term, as: type, for: receiver) else {
                throw InvalidRequest("unset value is not supported inside collections")
            }
            guard !value.isNull else { throw InvalidRequest("null is not supported inside collections") }
            values.append(value)
        }
        return values
    }

    /// Unscaled value and scale of a decimal literal: `-12.50` → (-1250, 2), `1e3` → (1, -3).
    static func decimal(_ text: String) -> (CQLVarint, Int32)? {
        let lower = text.lowercased()
        let parts = lower.split(separator: "e", omittingEmptySubsequences: false)
        guard parts.count <= 2, let exponent = parts.count == 2 ? Int32(parts[1]) : 0 else { return nil }
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard mantissa.count <= 2 else { return nil }
        let fraction = mantissa.count == 2 ? String(mantissa[1]) : ""
        guard let unscaled = CQLVarint(String(mantissa[0]) + fraction) else { return nil }
        return (unscaled, Int32(fraction.count) - exponent)
    }
}
