import CQL
import CQLProtocol
import Foundation

/// The values bound to a statement's markers (`?` by position, `:name` by
/// name), turned into typed values on demand.
struct Bindings {
    let values: [BoundValue]
    let names: [String]?

    static let none = Bindings(values: [], names: nil)

    /// What was bound to `marker`: a value, null, or unset (nil).
    func bound(_ marker: BindMarker) throws -> BoundValue? {
        if let names, let name = marker.name {
            guard let index = names.firstIndex(of: name) else {
                throw CQLError.invalid("No value bound for :\(name)")
            }
            return values[index]
        }
        guard marker.index < values.count else {
            throw CQLError.invalid("There were \(values.count) markers(?) in CQL but \(marker.index + 1) or more are needed")
        }
        return values[marker.index]
    }
}

/// A term's value once evaluated: a value, null, or left unset (a bound
/// `unset`: the column is not written).
enum Evaluated {
    case value(CQLValue)
    case null
    case unset

    var value: CQLValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}
