import Foundation

/// A CQL value, as a column, a bound variable or a literal holds it once its
/// type is known. Which case goes with which `CQLType`:
///
/// | case | types |
/// | --- | --- |
/// | `text` | `text` (`varchar`), `ascii` |
/// | `int`, `bigint`, `smallint`, `tinyint` | the same names; `bigint` also for `counter` |
/// | `timestamp` | milliseconds since the epoch |
/// | `date` | days since 1970-01-01 (negative before) |
/// | `time` | nanoseconds since midnight |
/// | `uuid`, `timeuuid` | `uuid` and `timeuuid` (a timeuuid is also a uuid) |
/// | `blob` | `blob` and custom types |
/// | `inet` | 4 (IPv4) or 16 (IPv6) address bytes |
/// | `varint`, `decimal` | arbitrary precision, see `CQLVarint` |
/// | `list`, `set`, `map`, `tuple` | collections (frozen or not) and tuples |
///
/// `null` is the absent value: a column that is not set, a null literal, a
/// null bound value, or a null tuple field.
public indirect enum CQLValue: Hashable, Sendable {
    case null
    case text(String)
    case int(Int32)
    case bigint(Int64)
    case smallint(Int16)
    case tinyint(Int8)
    case boolean(Bool)
    case double(Double)
    case float(Float)
    /// Milliseconds since the epoch.
    case timestamp(Int64)
    /// Days since 1970-01-01; the wire form adds 2^31.
    case date(Int32)
    /// Nanoseconds since midnight, 0 ..< 86_400 s.
    case time(Int64)
    case uuid(UUID)
    case timeuuid(UUID)
    case blob([UInt8])
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    case inet([UInt8])
    case varint(CQLVarint)
    /// `unscaled × 10^-scale`.
    case decimal(unscaled: CQLVarint, scale: Int32)
    case list([CQLValue])
    /// Elements in the set type's order, without duplicates (`normalized(as:)` makes it so).
    case set([CQLValue])
    /// Entries in the key type's order, one per key (`normalized(as:)` makes it so).
    case map([MapEntry])
    /// One value per field; a field may be `.null`.
    case tuple([CQLValue])

    /// One entry of a map value.
    public struct MapEntry: Hashable, Sendable {
        public var key: CQLValue
        public var value: CQLValue

        public init(_ key: CQLValue, _ value: CQLValue) {
            self.key = key
            self.value = value
        }
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// What went wrong turning a value into bytes or bytes into a value.
public struct CQLValueError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
