import NIOCore

/// A Prepared result (spec §4.2.5.4): the id to EXECUTE with, the bind
/// markers, and what executing it returns.
public struct PreparedResult: Hashable, Sendable {
    /// The statement id (commonly an MD5 of the query text).
    public var id: [UInt8]
    /// One spec for each bind marker, in order.
    public var variables: [ColumnSpec]
    /// For each partition key column, in key order, the index of its bind marker
    /// (empty when some key column has no marker); drivers route by it.
    public var partitionKeyIndexes: [UInt16]
    /// The columns a SELECT returns; `RowsMetadata(noMetadataWithColumnCount: 0)` for other statements.
    public var resultMetadata: RowsMetadata

    /// A prepared statement's description.
    public init(id: [UInt8], variables: [ColumnSpec], partitionKeyIndexes: [UInt16] = [],
                resultMetadata: RowsMetadata = RowsMetadata(noMetadataWithColumnCount: 0)) {
        self.id = id
        self.variables = variables
        self.partitionKeyIndexes = partitionKeyIndexes
        self.resultMetadata = resultMetadata
    }

    /// Writes `<id><metadata><result_metadata>`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeCQLShortBytes(id)
        let global = variables.sharedTable != nil
        buffer.writeInteger((global ? MetadataFlags.globalTablesSpec : []).rawValue)
        buffer.writeInteger(Int32(variables.count))
        buffer.writeInteger(Int32(partitionKeyIndexes.count))
        for index in partitionKeyIndexes { buffer.writeInteger(index) }
        buffer.writeColumnSpecs(variables, global: global)
        resultMetadata.write(to: &buffer)
    }

    /// Reads a Prepared result body (after the kind).
    public static func read(from buffer: inout ByteBuffer) throws -> PreparedResult {
        let id = try buffer.readCQLShortBytes("id")
        let flags = MetadataFlags(rawValue: try buffer.readCQLInteger("metadata flags"))
        let count: Int32 = try buffer.readCQLInteger("variable count")
        guard count >= 0 else { throw CQLWireError("variable count", "negative (\(count))") }
        let keyCount = try buffer.readCQLCount("partition key indexes", short: false, minimumSize: 2)
        let keyIndexes = try (0..<keyCount).map { try buffer.readCQLInteger("partition key indexes[\($0)]", as: UInt16.self) }
        let variables = try buffer.readColumnSpecs(count: Int(count), global: flags.contains(.globalTablesSpec))
        return PreparedResult(id: id, variables: variables, partitionKeyIndexes: keyIndexes,
                              resultMetadata: try RowsMetadata.read(from: &buffer))
    }
}
