import CQL
import CQLProtocol
import Foundation

extension Bindings {
    /// The values a request bound, as the protocol carried them.
    init(_ values: [BoundValue], names: [String]?) {
        self.init(values.map { value -> Bindings.Value in
            switch value {
            case .value(let bytes): .bytes(bytes)
            case .null: .null
            case .unset: .unset
            }
        }, names: names)
    }
}

/// A term's value once evaluated: a value, null, or left unset (a bound
/// `unset`: the column is not written).
enum Evaluated {
    case value(CQLValue)
    /// A bound value kept in its serialized form (`Execution.boundBytes`):
    /// only for a regular column, never a key.
    case serialized([UInt8])
    case null
    case unset

    var value: CQLValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}
