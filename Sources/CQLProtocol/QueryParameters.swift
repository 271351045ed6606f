import NIOCore

/// What QUERY and EXECUTE carry after the statement (spec §4.1.4,
/// `<query_parameters>`): consistency, bound values, paging and timestamps.
/// The flags byte is derived from which fields are set.
public struct QueryParameters: Hashable, Sendable {
    /// The flag bits of `<query_parameters>` (a [byte] in v4).
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let values = Flags(rawValue: 0x01)
        public static let skipMetadata = Flags(rawValue: 0x02)
        public static let pageSize = Flags(rawValue: 0x04)
        public static let withPagingState = Flags(rawValue: 0x08)
        public static let withSerialConsistency = Flags(rawValue: 0x10)
        public static let withDefaultTimestamp = Flags(rawValue: 0x20)
        public static let withNamesForValues = Flags(rawValue: 0x40)
    }

    public var consistency: Consistency
    /// The values of the bind markers, in order (or in `names`' order).
    public var values: [BoundValue]
    /// The marker names of `values` (flag 0x40), or nil for positional values.
    public var names: [String]?
    /// Asks for Rows without column metadata (the client has it from PREPARE).
    public var skipMetadata: Bool
    /// The most rows a page may hold, or nil for no paging.
    public var pageSize: Int32?
    /// Where the previous page ended (from `RowsMetadata.pagingState`).
    public var pagingState: [UInt8]?
    /// SERIAL or LOCAL_SERIAL, for conditional updates.
    public var serialConsistency: Consistency?
    /// The write timestamp in microseconds, when the client chooses it.
    public var defaultTimestamp: Int64?

    /// Parameters with the given fields; the defaults ask for nothing special.
    public init(consistency: Consistency = .one, values: [BoundValue] = [], names: [String]? = nil,
                skipMetadata: Bool = false, pageSize: Int32? = nil, pagingState: [UInt8]? = nil,
                serialConsistency: Consistency? = nil, defaultTimestamp: Int64? = nil) {
        precondition(names == nil || names!.count == values.count, "one name for each value")
        self.consistency = consistency
        self.values = values
        self.names = names
        self.skipMetadata = skipMetadata
        self.pageSize = pageSize
        self.pagingState = pagingState
        self.serialConsistency = serialConsistency
        self.defaultTimestamp = defaultTimestamp
    }

    /// The flags byte these fields are written with.
    public var flags: Flags {
        var flags: Flags = []
        if !values.isEmpty { flags.insert(.values) }
        if names != nil, !values.isEmpty { flags.insert(.withNamesForValues) }
        if skipMetadata { flags.insert(.skipMetadata) }
        if pageSize != nil { flags.insert(.pageSize) }
        if pagingState != nil { flags.insert(.withPagingState) }
        if serialConsistency != nil { flags.insert(.withSerialConsistency) }
        if defaultTimestamp != nil { flags.insert(.withDefaultTimestamp) }
        return flags
    }

    /// Writes `<consistency><flags>[values][page size][paging state][serial consistency][timestamp]`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeCQLConsistency(consistency)
        buffer.writeInteger(flags.rawValue)
        if !values.isEmpty {
            buffer.writeInteger(UInt16(values.count))
            for (index, value) in values.enumerated() {
                if let names { buffer.writeCQLString(names[index]) }
                buffer.writeCQLValue(value)
            }
        }
        if let pageSize { buffer.writeInteger(pageSize) }
        if let pagingState { buffer.writeCQLBytes(pagingState) }
        if let serialConsistency { buffer.writeCQLConsistency(serialConsistency) }
        if let defaultTimestamp { buffer.writeInteger(defaultTimestamp) }
    }

    /// Reads `<query_parameters>`.
    public static func read(from buffer: inout ByteBuffer) throws -> QueryParameters {
        var parameters = QueryParameters(consistency: try buffer.readCQLConsistency("consistency"))
        let flags = Flags(rawValue: try buffer.readCQLInteger("flags"))
        if flags.contains(.values) {
            let named = flags.contains(.withNamesForValues)
            let count = try buffer.readCQLCount("values", minimumSize: named ? 6 : 4)
            var names: [String] = []
            for index in 0..<count {
                if named { names.append(try buffer.readCQLString("values[\(index)] name")) }
                parameters.values.append(try buffer.readCQLValue("values[\(index)]"))
            }
            if named { parameters.names = names }
        }
        parameters.skipMetadata = flags.contains(.skipMetadata)
        if flags.contains(.pageSize) { parameters.pageSize = try buffer.readCQLInteger("page size") }
        if flags.contains(.withPagingState) {
            guard let state = try buffer.readCQLBytes("paging state") else { throw CQLWireError("paging state", "null") }
            parameters.pagingState = state
        }
        if flags.contains(.withSerialConsistency) {
            parameters.serialConsistency = try buffer.readCQLConsistency("serial consistency")
        }
        if flags.contains(.withDefaultTimestamp) {
            let timestamp: Int64 = try buffer.readCQLInteger("default timestamp")
            guard timestamp >= 0 else { throw CQLWireError("default timestamp", "negative (\(timestamp))") }
            parameters.defaultTimestamp = timestamp
        }
        return parameters
    }
}
