/// A CQL data type: what a column holds, as CREATE TABLE names it and as the
/// native protocol describes it in result metadata (`[option]`, spec §6).
public indirect enum CQLType: Hashable, Sendable, Codable, CustomStringConvertible {
    case ascii, bigint, blob, boolean, counter, decimal, double, float, int
    case timestamp, uuid, text, varint, timeuuid, inet, date, time, smallint, tinyint, duration
    case list(CQLType)
    case set(CQLType)
    case map(CQLType, CQLType)
    case tuple([CQLType])
    /// A `frozen<...>` collection: stored and compared as one value.
    case frozen(CQLType)
    /// A type the server names by its Java class (option id 0x0000).
    case custom(String)

    /// The native protocol's option id (spec §6, "[option]"); `varchar` is `text`.
    public var optionID: UInt16 {
        switch self {
        case .custom: 0x0000
        case .ascii: 0x0001
        case .bigint: 0x0002
        case .blob: 0x0003
        case .boolean: 0x0004
        case .counter: 0x0005
        case .decimal: 0x0006
        case .double: 0x0007
        case .float: 0x0008
        case .int: 0x0009
        case .timestamp: 0x000B
        case .uuid: 0x000C
        case .text: 0x000D
        case .varint: 0x000E
        case .timeuuid: 0x000F
        case .inet: 0x0010
        case .date: 0x0011
        case .time: 0x0012
        case .smallint: 0x0013
        case .tinyint: 0x0014
        case .duration: 0x0015
        case .list: 0x0020
        case .map: 0x0021
        case .set: 0x0022
        case .tuple: 0x0031
        case .frozen(let inner): inner.optionID
        }
    }

    /// The type without a `frozen<>` wrapper.
    public var unfrozen: CQLType {
        if case .frozen(let inner) = self { return inner.unfrozen }
        return self
    }

    /// The CQL spelling, as `system_schema.columns.type` and cqlsh show it: `text`, `list<int>`, `frozen<set<text>>`.
    public var description: String {
        switch self {
        case .ascii: "ascii"
        case .bigint: "bigint"
        case .blob: "blob"
        case .boolean: "boolean"
        case .counter: "counter"
        case .decimal: "decimal"
        case .double: "double"
        case .float: "float"
        case .int: "int"
        case .timestamp: "timestamp"
        case .uuid: "uuid"
        case .text: "text"
        case .varint: "varint"
        case .timeuuid: "timeuuid"
        case .inet: "inet"
        case .date: "date"
        case .time: "time"
        case .smallint: "smallint"
        case .tinyint: "tinyint"
        case .duration: "duration"
        case .list(let element): "list<\(element)>"
        case .set(let element): "set<\(element)>"
        case .map(let key, let value): "map<\(key), \(value)>"
        case .tuple(let elements): "tuple<\(elements.map(\.description).joined(separator: ", "))>"
        case .frozen(let inner): "frozen<\(inner)>"
        case .custom(let className): "'\(className)'"
        }
    }
}
