import NIOCore

/// The metadata of a Rows result (spec §4.2.5.2): the columns (unless the
/// client asked to skip them) and where the next page starts.
public struct RowsMetadata: Hashable, Sendable {
    /// How many values each row holds.
    public var columnCount: Int
    /// The columns, or nil when the result was sent with No_metadata.
    public var columns: [ColumnSpec]?
    /// Set when more pages follow: pass it back in `QueryParameters.pagingState`.
    public var pagingState: [UInt8]?

    /// Metadata describing `columns`.
    public init(columns: [ColumnSpec], pagingState: [UInt8]? = nil) {
        columnCount = columns.count
        self.columns = columns
        self.pagingState = pagingState
    }

    /// Metadata without column specs (No_metadata): only the count.
    public init(noMetadataWithColumnCount columnCount: Int, pagingState: [UInt8]? = nil) {
        self.columnCount = columnCount
        columns = nil
        self.pagingState = pagingState
    }

    /// Whether this is not the last page.
    public var hasMorePages: Bool { pagingState != nil }

    /// Writes `<flags><columns_count>[<paging_state>][<global_table_spec>?<col_spec_1>...<col_spec_n>]`.
    public func write(to buffer: inout ByteBuffer) {
        var flags: MetadataFlags = []
        let global = columns?.sharedTable != nil
        if global { flags.insert(.globalTablesSpec) }
        if pagingState != nil { flags.insert(.hasMorePages) }
        if columns == nil { flags.insert(.noMetadata) }
        buffer.writeInteger(flags.rawValue)
        buffer.writeInteger(Int32(columnCount))
        if let pagingState { buffer.writeCQLBytes(pagingState) }
        if let columns { buffer.writeColumnSpecs(columns, global: global) }
    }

    /// Reads Rows metadata.
    public static func read(from buffer: inout ByteBuffer) throws -> RowsMetadata {
        let flags = MetadataFlags(rawValue: try buffer.readCQLInteger("metadata flags"))
        let count: Int32 = try buffer.readCQLInteger("column count")
        guard count >= 0 else { throw CQLWireError("column count", "negative (\(count))") }
        var pagingState: [UInt8]?
        if flags.contains(.hasMorePages) {
            guard let state = try buffer.readCQLBytes("paging state") else { throw CQLWireError("paging state", "null") }
            pagingState = state
        }
        if flags.contains(.noMetadata) {
            return RowsMetadata(noMetadataWithColumnCount: Int(count), pagingState: pagingState)
        }
        let columns = try buffer.readColumnSpecs(count: Int(count), global: flags.contains(.globalTablesSpec))
        return RowsMetadata(columns: columns, pagingState: pagingState)
    }
}

/// A Rows result (spec §4.2.5.2): metadata and the rows, each a list of
/// cells in column order; a cell is its serialized bytes (spec §6), or nil for null.
public struct Rows: Hashable, Sendable {
    public var metadata: RowsMetadata
    public var rows: [[[UInt8]?]]

    /// Rows with `metadata`.
    public init(metadata: RowsMetadata, rows: [[[UInt8]?]]) {
        self.metadata = metadata
        self.rows = rows
    }

    /// Rows of `columns`; `pagingState` when more pages follow.
    public init(columns: [ColumnSpec], rows: [[[UInt8]?]], pagingState: [UInt8]? = nil) {
        self.init(metadata: RowsMetadata(columns: columns, pagingState: pagingState), rows: rows)
    }

    /// The column specs (empty when sent without metadata).
    public var columns: [ColumnSpec] { metadata.columns ?? [] }
    /// Where the next page starts, or nil on the last page.
    public var pagingState: [UInt8]? { metadata.pagingState }

    /// Writes `<metadata><rows_count><rows_content>`. Every row must have
    /// `metadata.columnCount` cells.
    public func write(to buffer: inout ByteBuffer) {
        metadata.write(to: &buffer)
        buffer.writeInteger(Int32(rows.count))
        for row in rows {
            precondition(row.count == metadata.columnCount, "a row has \(row.count) cells for \(metadata.columnCount) columns")
            for cell in row { buffer.writeCQLBytes(cell) }
        }
    }

    /// Reads a Rows result body (after the kind).
    public static func read(from buffer: inout ByteBuffer) throws -> Rows {
        let metadata = try RowsMetadata.read(from: &buffer)
        let count: Int32 = try buffer.readCQLInteger("row count")
        guard count >= 0 else { throw CQLWireError("row count", "negative (\(count))") }
        let cells = Int(count) * metadata.columnCount
        guard cells <= buffer.readableBytes / 4, metadata.columnCount > 0 || count <= 1 << 20 else {
            throw CQLWireError("rows", "\(count) rows of \(metadata.columnCount) columns do not fit the \(buffer.readableBytes) bytes left")
        }
        var rows: [[[UInt8]?]] = []
        rows.reserveCapacity(Int(count))
        for row in 0..<Int(count) {
            rows.append(try (0..<metadata.columnCount).map { try buffer.readCQLBytes("rows[\(row)][\($0)]") })
        }
        return Rows(metadata: metadata, rows: rows)
    }
}
