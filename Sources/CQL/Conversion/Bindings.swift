/// The values a QUERY or EXECUTE binds to a statement's markers, as the
/// native protocol carries them (serialized, not yet typed).
public struct Bindings: Hashable, Sendable {
    /// One bound value.
    public enum Value: Hashable, Sendable {
        case bytes([UInt8])
        case null
        /// v4's "unset" (length -2): leave the column as it is.
        case unset
    }

    /// In marker order, or in the order of `names`.
    public var values: [Value]
    /// With QUERY's "values with names" flag: the name of each value.
    public var names: [String]?

    public init(_ values: [Value] = [], names: [String]? = nil) {
        self.values = values
        self.names = names
    }

    /// No values (a statement without markers).
    public static let none = Bindings()

    /// The value bound to `marker`: by name when the values have names, else by position.
    public func value(for marker: BindMarker) throws(InvalidRequest) -> Value {
        if let names {
            let name = marker.name ?? ""
            guard let index = names.firstIndex(where: { $0 == name || $0.lowercased() == name }), index < values.count else {
                throw InvalidRequest("No value has been provided for bind variable \(marker.name.map { ":" + $0 } ?? "\(marker.index)")")
            }
            return values[index]
        }
        guard marker.index < values.count else {
            throw InvalidRequest("There were fewer bound values (\(values.count)) than bind markers in the statement: no value for marker \(marker.index)")
        }
        return values[marker.index]
    }
}
