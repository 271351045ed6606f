import CQL
import CQLProtocol
import Contracts
import Foundation

/// SELECT: which partitions, which rows, which columns, in which order,
/// one page at a time.
extension Execution {
    /// One output column: its spec and how to compute it from a row.
    struct Projection {
        var spec: ColumnSpec
        var value: (_ key: PartitionKey, _ keyColumns: [[UInt8]], _ clustering: [[UInt8]], _ row: Row) throws -> [UInt8]?
    }

    func select(_ select: SelectStatement) throws -> ResultMessage {
        let keyspace = try keyspace(of: select.table)
        if let virtual = processor.system.table(keyspace, select.table.name) {
            return try selectVirtual(select, table: virtual)
        }
        if SystemTables.systemKeyspaces.contains(keyspace) {
            throw CQLError.invalid("unconfigured table \(select.table.name)")
        }
        let table = try userTable(select.table)
        let codecs = TableCodecs(table)
        let restrictions = try restrictions(select.whereClause, table: table, codecs: codecs)
        // Regular-column filters, or clustering restrictions across every partition, read rows only to drop them.
        let filters = !restrictions.filters.isEmpty || (restrictions.partitions == nil && restrictions.restrictsClustering)
        if filters, !select.allowFiltering {
            throw CQLError.invalid("Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING")
        }
        let reversed = try isReversed(select, table: table, restrictions: restrictions)
        let limit = try select.limit.map { try positive($0, for: "LIMIT") }
        let perPartitionLimit = try select.perPartitionLimit.map { try positive($0, for: "PER PARTITION LIMIT") }
        let handle = try processor.engine.table(table)
        let now = nowSeconds

        let counting = select.countsRows
        let projections = counting ? [] : try self.projections(select, table: table, codecs: codecs)
        let pageSize = counting ? nil : options.pageSize
        var resume = try options.pagingState.map { bytes -> PagingState in
            guard let state = PagingState(decoding: bytes) else { throw CQLError.protocolError("Invalid paging state") }
            return state
        }
        var output: [[[UInt8]?]] = []
        var emitted = resume?.emitted ?? 0
        var count: Int64 = 0
        var next: PagingState?
        var lastKey: [UInt8] = []
        var lastClustering: [UInt8] = []

        var keys = try restrictions.partitions ?? handle.partitionKeys()
        if restrictions.partitions == nil, restrictions.tokenLower != nil || restrictions.tokenUpper != nil {
            keys = keys.filter { restrictions.tokenAllows($0.token) }
        }
        var start = 0
        if let state = resume, restrictions.partitions == nil {
            // Keys are in token order: the next page starts at the last one's partition, found by binary search.
            let last = PartitionKey(state.partition)
            var high = keys.count
            while start < high {
                let middle = (start + high) / 2
                if keys[middle] < last { start = middle + 1 } else { high = middle }
            }
            // That partition is gone since (deleted and compacted away): the page starts at the next one.
            if start == keys.count || keys[start] != last { resume = nil }
        }
        scan: for key in keys[start...] {
            if let state = resume, state.partition != key.bytes { continue }
            var rows: [Row] = []
            for slice in restrictions.slices {
                rows += try handle.read(key, range: slice, now: now).rows
            }
            if restrictions.slices.count > 1 { rows.sort { $0.clustering < $1.clustering } }
            if reversed { rows.reverse() }
            rows = rows.filter { matches($0, restrictions.filters, now: now) }
            if select.distinct, !rows.isEmpty { rows = [rows[0]] }
            if let perPartitionLimit, rows.count > perPartitionLimit { rows = Array(rows.prefix(perPartitionLimit)) }
            if let state = resume {
                // Skip up to and including the last row of the previous page.
                if let index = rows.firstIndex(where: { $0.clustering.bytes == state.clustering }) {
                    rows.removeFirst(index + 1)
                } else {
                    rows = rows.filter { reversed ? $0.clustering.bytes.lexicographicallyPrecedes(state.clustering)
                                                  : state.clustering.lexicographicallyPrecedes($0.clustering.bytes) }
                }
                resume = nil
            }
            if rows.isEmpty { continue }
            if counting {
                let counted = max(0, limit.map { min(rows.count, $0 - emitted) } ?? rows.count)
                count += Int64(counted)
                emitted += counted
                if let limit, emitted >= limit { break scan }
                continue
            }
            let keyColumns = try codecs.keyColumns(key)
            for row in rows {
                if let limit, emitted >= limit { break scan }
                if let pageSize, output.count >= pageSize {
                    next = PagingState(partition: lastKey, clustering: lastClustering, emitted: emitted)
                    break scan
                }
                let clustering = try codecs.clusteringColumns(row.clustering)
                output.append(try projections.map { try $0.value(key, keyColumns, clustering, row) })
                lastClustering = row.clustering.bytes
                lastKey = key.bytes
                emitted += 1
            }
        }
        if counting {
            let spec = ColumnSpec(keyspace: table.keyspace, table: table.name, name: select.selectors.first?.alias ?? "count", type: .bigint)
            return .rows(Rows(columns: [spec], rows: [[withUnsafeBytes(of: count.bigEndian, Array.init)]]))
        }
        let metadata = options.skipMetadata
            ? RowsMetadata(noMetadataWithColumnCount: projections.count, pagingState: next?.encoded())
            : RowsMetadata(columns: projections.map(\.spec), pagingState: next?.encoded())
        return .rows(Rows(metadata: metadata, rows: output))
    }

    /// ORDER BY: only on clustering columns, in their order or entirely reversed.
    func isReversed(_ select: SelectStatement, table: TableMetadata, restrictions: Restrictions) throws -> Bool {
        guard !select.orderBy.isEmpty else { return false }
        guard restrictions.partitions != nil else {
            throw CQLError.invalid("ORDER BY is only supported when the partition key is restricted by an EQ or an IN.")
        }
        var reversed: Bool?
        for (index, ordering) in select.orderBy.enumerated() {
            let clustering = table.clusteringColumns
            guard index < clustering.count, clustering[index].name == ordering.column else {
                throw CQLError.invalid("Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY")
            }
            let flips = (ordering.order == .descending) != clustering[index].descending
            if let reversed, reversed != flips {
                throw CQLError.invalid("Unsupported order by relation")
            }
            reversed = flips
        }
        return reversed ?? false
    }

    func positive(_ term: Term, for what: String) throws -> Int {
        let value = try integer(term, for: what)
        guard value > 0 else { throw CQLError.invalid("\(what) must be strictly positive") }
        return value
    }

    /// Whether a row passes the regular-column filters (ALLOW FILTERING).
    func matches(_ row: Row, _ filters: [(column: ColumnMetadata, op: Relation.Operator, value: CQLValue)], now: Int64) -> Bool {
        for filter in filters {
            guard let bytes = row.cells[filter.column.name]?.value,
                  let value = try? CQLValue.deserialize(bytes, as: filter.column.type) else { return false }
            let order = CQLValue.compare(value, filter.value, as: filter.column.type)
            let passes: Bool
            switch filter.op {
            case .equal: passes = order == 0
            case .notEqual: passes = order != 0
            case .less: passes = order < 0
            case .lessOrEqual: passes = order <= 0
            case .greater: passes = order > 0
            case .greaterOrEqual: passes = order >= 0
            default: passes = false
            }
            if !passes { return false }
        }
        return true
    }

    /// The selected columns of a user table.
    func projections(_ select: SelectStatement, table: TableMetadata, codecs: TableCodecs) throws -> [Projection] {
        func spec(_ name: String, _ type: CQLType) -> ColumnSpec {
            ColumnSpec(keyspace: table.keyspace, table: table.name, name: name, type: type)
        }
        func columnValue(_ column: ColumnMetadata) -> (PartitionKey, [[UInt8]], [[UInt8]], Row) throws -> [UInt8]? {
            switch column.kind {
            case .partitionKey: return { _, keys, _, _ in keys[column.position] }
            case .clustering: return { _, _, clustering, _ in clustering[column.position] }
            case .regular, .static: return { _, _, _, row in row.cells[column.name]?.value }
            }
        }
        if select.selectsAll {
            return table.selectStarColumns.map { Projection(spec: spec($0.name, $0.type), value: columnValue($0)) }
        }
        let now = nowSeconds
        return try select.selectors.map { selector in
            switch selector.selection {
            case .column(let name):
                let column = try column(name, of: table)
                return Projection(spec: spec(selector.alias ?? name, column.type), value: columnValue(column))
            case .writetime(let name):
                let column = try column(name, of: table)
                return Projection(spec: spec(selector.columnName, .bigint)) { _, _, _, row in
                    row.cells[column.name].map { withUnsafeBytes(of: $0.timestamp.bigEndian, Array.init) }
                }
            case .ttl(let name):
                let column = try column(name, of: table)
                return Projection(spec: spec(selector.columnName, .int)) { _, _, _, row in
                    guard let expiresAt = row.cells[column.name]?.expiresAt else { return nil }
                    return withUnsafeBytes(of: Int32(clamping: max(0, expiresAt - now)).bigEndian, Array.init)
                }
            case .token:
                return Projection(spec: spec(selector.columnName, .bigint)) { key, _, _, _ in
                    withUnsafeBytes(of: key.token.bigEndian, Array.init)
                }
            default:
                throw CQLError.invalid("Unsupported selector \(selector.columnName)")
            }
        }
    }

    /// A system table: all rows, filtered by equality, projected.
    func selectVirtual(_ select: SelectStatement, table: VirtualTable) throws -> ResultMessage {
        let metadata = table.metadata
        var rows = table.rows()
        for relation in select.whereClause {
            guard case .column(let name) = relation.subject, relation.op == .equal || relation.op == .in,
                  let index = metadata.columns.firstIndex(where: { $0.name == name }) else {
                throw CQLError.invalid("Unsupported restriction on \(metadata.keyspace).\(metadata.name)")
            }
            let column = metadata.columns[index]
            let wanted = try equalities([relation], column: column, role: "system table")
            rows = rows.filter { wanted.contains($0[index]) }
        }
        if let limit = try select.limit.map({ try positive($0, for: "LIMIT") }) { rows = Array(rows.prefix(limit)) }
        if select.countsRows {
            let spec = ColumnSpec(keyspace: metadata.keyspace, table: metadata.name, name: "count", type: .bigint)
            return .rows(Rows(columns: [spec], rows: [[withUnsafeBytes(of: Int64(rows.count).bigEndian, Array.init)]]))
        }
        let columns: [(name: String, index: Int)] = try select.selectsAll
            ? metadata.selectStarColumns.map { column in (column.name, metadata.columns.firstIndex(of: column)!) }
            : select.selectors.map { selector in
                guard case .column(let name) = selector.selection, let index = metadata.columns.firstIndex(where: { $0.name == name }) else {
                    throw CQLError.invalid("Undefined column name \(selector.columnName) in table \(metadata.keyspace).\(metadata.name)")
                }
                return (selector.alias ?? name, index)
            }
        let specs = columns.map { ColumnSpec(keyspace: metadata.keyspace, table: metadata.name, name: $0.name, type: metadata.columns[$0.index].type) }
        let output = try rows.map { row in
            try columns.map { column -> [UInt8]? in
                let value = row[column.index]
                return value.isNull ? nil : try value.serialized(as: metadata.columns[column.index].type)
            }
        }
        return .rows(Rows(columns: specs, rows: output))
    }
}

extension SelectStatement {
    /// `SELECT COUNT(*)`: one row holding how many rows matched.
    var countsRows: Bool {
        selectors.contains { if case .countAll = $0.selection { true } else { false } }
    }
}
