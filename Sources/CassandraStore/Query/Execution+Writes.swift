import CQL
import CQLProtocol
import Contracts
import Foundation

/// INSERT, UPDATE, DELETE and BATCH become `Partition` updates: a row marker
/// and cells for INSERT, cells for UPDATE, tombstones for DELETE.
extension Execution {
    /// The updates a write statement makes, per table.
    func mutations(of statement: Statement, inBatch: Bool) throws -> [(TableHandle, [Partition])] {
        switch statement {
        case .insert(let insert):
            let (handle, plan) = try insertPlan(insert)
            return [(handle, [try self.insert(insert, plan: plan)])]
        case .update(let update):
            let table = try userTable(update.table)
            return [(try processor.engine.table(table), try self.update(update, table: table))]
        case .delete(let delete):
            let table = try userTable(delete.table)
            return [(try processor.engine.table(table), try self.delete(delete, table: table))]
        case .batch(let batch):
            guard !inBatch else { throw CQLError.invalid("A BATCH cannot contain another BATCH") }
            // BEGIN BATCH USING TIMESTAMP t: every statement inside writes at t.
            var scoped = self
            if batch.using.timestamp != nil {
                scoped = Execution(processor: processor, session: session, bindings: bindings, options: options,
                                   timestamp: try writeTime(batch.using))
            }
            var all: [(TableHandle, [Partition])] = []
            for inner in batch.statements {
                all += try scoped.mutations(of: inner, inBatch: true)
            }
            return all
        default:
            throw CQLError.invalid("Only INSERT, UPDATE and DELETE statements are allowed in a BATCH")
        }
    }

    /// USING TIMESTAMP (µs) or the request's.
    func writeTime(_ using: UsingClause) throws -> Int64 {
        guard let term = using.timestamp else { return timestamp }
        return Int64(try integer(term, as: .bigint, for: "timestamp"))
    }

    /// USING TTL or the table's default: when written cells expire (seconds since the epoch), if they do.
    func expiry(_ using: UsingClause, table: TableMetadata) throws -> Int64? {
        var ttl = table.defaultTimeToLive
        if let term = using.ttl {
            ttl = try integer(term, for: "ttl")
            guard ttl >= 0 else { throw CQLError.invalid("A TTL must be greater or equal to 0, but was \(ttl)") }
            guard ttl <= 630_720_000 else { throw CQLError.invalid("ttl is too large. requested (\(ttl)) maximum (630720000)") }
        }
        return ttl > 0 ? nowSeconds + Int64(ttl) : nil
    }

    /// The table an INSERT writes to, and its plan.
    func insertPlan(_ insert: InsertStatement) throws -> (TableHandle, InsertPlan) {
        let table = try userTable(insert.table)
        return (try processor.engine.table(table), try InsertPlan(insert, table: table))
    }

    /// One row: a row marker (the row exists even with every cell null) and
    /// a cell per regular column named. The values sit in an array in the
    /// table's column order, not a dictionary by name: this runs once per row
    /// written, and hashing names was most of its time.
    func insert(_ insert: InsertStatement, plan: InsertPlan) throws -> Partition {
        let table = plan.table, columns = table.columns
        var values = [Evaluated?](repeating: nil, count: columns.count)
        for (index, term) in zip(plan.targets, insert.values) {
            if !columns[index].kind.isPrimaryKey, let bytes = boundBytes(term, of: columns[index].type) {
                values[index] = .serialized(bytes)
            } else {
                values[index] = try evaluate(term, as: columns[index].type, for: columns[index].name)
            }
        }
        func keyValues(_ indices: [Int], _ what: String) throws -> [CQLValue] {
            let missing = indices.filter { values[$0]?.value == nil }
            guard missing.isEmpty else {
                throw CQLError.invalid("Some \(what) are missing: \(missing.map { columns[$0].name }.joined(separator: ", "))")
            }
            return indices.map { values[$0]!.value! }
        }
        let key = try plan.codecs.key(try keyValues(plan.partitionKey, "partition key parts"))
        let clustering = try plan.codecs.clusteringBytes(try keyValues(plan.clustering, "clustering keys"))
        let time = try writeTime(insert.using)
        let expiresAt = try expiry(insert.using, table: table)
        var row = Row(clustering: Clustering(clustering), liveness: LivenessInfo(timestamp: time, expiresAt: expiresAt))
        row.cells.reserveCapacity(insert.columns.count)
        for index in plan.cells {
            guard let value = values[index] else { continue }
            row.cells[columns[index].name] = try cell(value, column: columns[index], time: time, expiresAt: expiresAt)
        }
        return Partition(key: key, rows: [row])
    }

    /// The bytes bound to `term` when they can be stored as they came (a
    /// value of `type` in its canonical form): a prepared INSERT's text and
    /// numbers skip being read into a `CQLValue` and written back. Nil
    /// otherwise (a literal, null, unset, or bytes to check the long way).
    func boundBytes(_ term: Term, of type: CQLType) -> [UInt8]? {
        guard case .bindMarker(let marker) = term, case .bytes(let bytes)? = try? bindings.value(for: marker),
              CQLValue.isCanonicalSerialization(bytes, of: type) else { return nil }
        return bytes
    }

    /// A cell for an evaluated value: serialized, a tombstone for null, nil for unset.
    func cell(_ value: Evaluated, column: ColumnMetadata, time: Int64, expiresAt: Int64?) throws -> Cell? {
        switch value {
        case .unset: return nil
        case .null: return Cell(tombstoneAt: time, localDeletionTime: nowSeconds)
        case .serialized(let bytes): return Cell(value: bytes, timestamp: time, expiresAt: expiresAt)
        case .value(let value):
            if Self.isEmptyCollection(value) { return Cell(tombstoneAt: time, localDeletionTime: nowSeconds) }
            return Cell(value: try value.serialized(as: column.type), timestamp: time, expiresAt: expiresAt)
        }
    }

    /// An empty collection is no collection in Cassandra: it reads back as null.
    static func isEmptyCollection(_ value: CQLValue) -> Bool {
        switch value {
        case .list(let elements), .set(let elements): elements.isEmpty
        case .map(let entries): entries.isEmpty
        default: false
        }
    }

    /// The rows a WHERE names in full (every primary key column with = or IN).
    func targetRows(_ relations: [Relation], table: TableMetadata, codecs: TableCodecs, what: String) throws -> [(PartitionKey, [UInt8])] {
        let restrictions = try restrictions(relations, table: table, codecs: codecs)
        guard let partitions = restrictions.partitions else {
            throw CQLError.invalid("Some partition key parts are missing: \(table.partitionKey.map(\.name).joined(separator: ", "))")
        }
        guard restrictions.selectsSingleRow else {
            let missing = table.clusteringColumns.map(\.name)
            throw CQLError.invalid("Some clustering keys are missing: \(missing.joined(separator: ", "))")
        }
        return partitions.flatMap { key in restrictions.rowClusterings.map { (key, $0) } }
    }

    func update(_ update: UpdateStatement, table: TableMetadata) throws -> [Partition] {
        let codecs = TableCodecs(table)
        let targets = try targetRows(update.whereClause, table: table, codecs: codecs, what: "UPDATE")
        let time = try writeTime(update.using)
        let expiresAt = try expiry(update.using, table: table)
        var partitions: [Partition] = []
        for (key, clustering) in targets {
            var row = Row(clustering: Clustering(clustering))
            for assignment in update.assignments {
                let column = try column(assignment.column, of: table)
                guard !column.kind.isPrimaryKey else {
                    throw CQLError.invalid("PRIMARY KEY part \(column.name) found in SET part")
                }
                let value: Evaluated
                switch assignment {
                case .set(_, let term):
                    value = try evaluate(term, as: column.type, for: column.name)
                default:
                    value = try collectionUpdate(assignment, column: column, key: key, clustering: clustering, table: table)
                }
                if let cell = try cell(value, column: column, time: time, expiresAt: expiresAt) { row.cells[column.name] = cell }
            }
            partitions.append(Partition(key: key, rows: [row]))
        }
        return partitions
    }

    /// `s = s + {...}`, `l = [...] + l`, `s = s - {...}`, `m[k] = v`, counters `c = c + 1`:
    /// read the current value, change it, write it whole.
    func collectionUpdate(_ assignment: Assignment, column: ColumnMetadata, key: PartitionKey, clustering: [UInt8],
                          table: TableMetadata) throws -> Evaluated {
        let handle = try processor.engine.table(table)
        let current = try handle.read(key, range: .prefix(clustering), now: nowSeconds).rows.first?.cells[column.name]?.value
            .map { try CQLValue.deserialize($0, as: column.type) }
        switch (assignment, column.type.unfrozen) {
        case (.add(_, let term), .set):
            guard case .set(let added)? = try evaluate(term, as: column.type, for: column.name).value else { return .unset }
            var elements = Set(current.flatMap { (value: CQLValue) -> [CQLValue]? in if case .set(let e) = value { e } else { nil } } ?? [])
            elements.formUnion(added)
            return .value(.set(Array(elements)))
        case (.remove(_, let term), .set):
            guard case .set(let removed)? = try evaluate(term, as: column.type, for: column.name).value else { return .unset }
            let elements = (current.flatMap { (value: CQLValue) -> [CQLValue]? in if case .set(let e) = value { e } else { nil } } ?? []).filter { !removed.contains($0) }
            return .value(.set(elements))
        case (.add(_, let term), .list), (.prepend(_, let term), .list):
            guard case .list(let added)? = try evaluate(term, as: column.type, for: column.name).value else { return .unset }
            let existing = current.flatMap { (value: CQLValue) -> [CQLValue]? in if case .list(let e) = value { e } else { nil } } ?? []
            if case .prepend = assignment { return .value(.list(added + existing)) }
            return .value(.list(existing + added))
        case (.remove(_, let term), .list):
            guard case .list(let removed)? = try evaluate(term, as: column.type, for: column.name).value else { return .unset }
            let existing = current.flatMap { (value: CQLValue) -> [CQLValue]? in if case .list(let e) = value { e } else { nil } } ?? []
            return .value(.list(existing.filter { !removed.contains($0) }))
        case (.add(_, let term), .map):
            guard case .map(let added)? = try evaluate(term, as: column.type, for: column.name).value else { return .unset }
            var entries = current.flatMap { (value: CQLValue) -> [CQLValue.MapEntry]? in if case .map(let e) = value { e } else { nil } } ?? []
            for entry in added {
                entries.removeAll { $0.key == entry.key }
                entries.append(entry)
            }
            return .value(.map(entries))
        case (.setElement(_, let keyTerm, let valueTerm), .map(let keyType, let valueType)):
            let mapKey = try required(keyTerm, as: keyType, for: "key(\(column.name))")
            var entries = current.flatMap { (value: CQLValue) -> [CQLValue.MapEntry]? in if case .map(let e) = value { e } else { nil } } ?? []
            entries.removeAll { $0.key == mapKey }
            if let value = try evaluate(valueTerm, as: valueType, for: "value(\(column.name))").value {
                entries.append(CQLValue.MapEntry(mapKey, value))
            }
            return .value(.map(entries))
        case (.add(_, let term), .counter), (.remove(_, let term), .counter):
            guard case .bigint(let delta) = try required(term, as: .bigint, for: column.name) else { return .unset }
            var total: Int64 = 0
            if case .bigint(let value)? = current { total = value }
            if case .remove = assignment { total -= delta } else { total += delta }
            return .value(.bigint(total))
        default:
            throw CQLError.invalid("Invalid operation (\(column.name) = \(column.name) ...) for non-collection column \(column.name)")
        }
    }

    func delete(_ delete: DeleteStatement, table: TableMetadata) throws -> [Partition] {
        let codecs = TableCodecs(table)
        let restrictions = try restrictions(delete.whereClause, table: table, codecs: codecs)
        guard let partitions = restrictions.partitions else {
            throw CQLError.invalid("Some partition key parts are missing: \(table.partitionKey.map(\.name).joined(separator: ", "))")
        }
        let time = try writeTime(delete.using)
        let deletion = DeletionTime(markedForDeleteAt: time, localDeletionTime: nowSeconds)
        if !delete.targets.isEmpty {
            // Columns of whole rows.
            guard restrictions.selectsSingleRow else {
                throw CQLError.invalid("Some clustering keys are missing: \(table.clusteringColumns.map(\.name).joined(separator: ", "))")
            }
            var cells: [String: Cell] = [:]
            for target in delete.targets {
                let column = try column(target.column, of: table)
                guard !column.kind.isPrimaryKey else {
                    throw CQLError.invalid("Invalid identifier \(column.name) for deletion (should not be a PRIMARY KEY part)")
                }
                cells[column.name] = Cell(tombstoneAt: time, localDeletionTime: nowSeconds)
            }
            return partitions.flatMap { key in
                restrictions.rowClusterings.map { Partition(key: key, rows: [Row(clustering: Clustering($0), cells: cells)]) }
            }
        }
        if !restrictions.restrictsClustering {
            return partitions.map { Partition(key: $0, deletion: deletion) }
        }
        if restrictions.selectsSingleRow {
            return partitions.flatMap { key in
                restrictions.rowClusterings.map { Partition(key: key, rows: [Row(clustering: Clustering($0), deletion: deletion)]) }
            }
        }
        return partitions.map { key in
            Partition(key: key, rangeTombstones: restrictions.slices.map { RangeTombstone(range: $0, deletion: deletion) })
        }
    }

    /// INSERT ... IF NOT EXISTS: a lightweight transaction's answer, `[applied]`.
    func insertIfNotExists(_ insert: InsertStatement) async throws -> ResultMessage {
        let (handle, plan) = try insertPlan(insert)
        let table = plan.table
        let update = try self.insert(insert, plan: plan)
        let existing = try handle.read(update.key, range: .prefix(update.rows[0].clustering.bytes), now: nowSeconds).rows
        let spec = ColumnSpec(keyspace: table.keyspace, table: table.name, name: "[applied]", type: .boolean)
        if !existing.isEmpty {
            return .rows(Rows(columns: [spec], rows: [[[0]]]))
        }
        try await handle.write([update])
        return .rows(Rows(columns: [spec], rows: [[[1]]]))
    }
}
