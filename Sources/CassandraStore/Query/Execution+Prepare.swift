import CQL
import CQLProtocol
import Contracts

/// PREPARE: what each bind marker binds (its name and type), and what a
/// SELECT's rows will hold, so drivers can encode values and route by key.
extension Execution {
    /// The statement's markers, in order.
    func variables(of statement: Statement) throws -> [Variable] {
        var found: [(index: Int, variable: Variable)] = []
        func note(_ term: Term, _ spec: ColumnSpec, key: Int? = nil) {
            switch term {
            case .bindMarker(let marker):
                var spec = spec
                if let name = marker.name { spec.name = name }
                found.append((marker.index, Variable(spec: spec, partitionKeyPosition: key)))
            case .list(let terms), .set(let terms), .tuple(let terms):
                for term in terms { if case .bindMarker = term { note(term, spec) } }
            default: break
            }
        }
        func specs(_ table: TableMetadata) -> (ColumnMetadata) -> ColumnSpec {
            { ColumnSpec(keyspace: table.keyspace, table: table.name, name: $0.name, type: $0.type) }
        }
        func using(_ clause: UsingClause, _ table: TableMetadata) {
            if let ttl = clause.ttl { note(ttl, ColumnSpec(keyspace: table.keyspace, table: table.name, name: "[ttl]", type: .int)) }
            if let time = clause.timestamp { note(time, ColumnSpec(keyspace: table.keyspace, table: table.name, name: "[timestamp]", type: .bigint)) }
        }
        func relations(_ relations: [Relation], _ table: TableMetadata) throws {
            let spec = specs(table)
            for relation in relations {
                switch relation.subject {
                case .column(let name):
                    let column = try column(name, of: table)
                    let key = column.kind == .partitionKey ? column.position : nil
                    if relation.op == .in, case .bindMarker = relation.value {
                        var inSpec = spec(column)
                        inSpec.name = "in(\(name))"
                        inSpec.type = .list(column.type)
                        note(relation.value, inSpec)
                    } else if case .tuple(let terms) = relation.value, relation.op == .in {
                        for term in terms { note(term, spec(column), key: key) }
                    } else {
                        note(relation.value, spec(column), key: key)
                    }
                case .token:
                    note(relation.value, ColumnSpec(keyspace: table.keyspace, table: table.name, name: "partition key token", type: .bigint))
                case .columns(let names):
                    if case .tuple(let terms) = relation.value {
                        for (name, term) in zip(names, terms) { note(term, spec(try column(name, of: table))) }
                    }
                case .element: break
                }
            }
        }
        func collect(_ statement: Statement) throws {
            switch statement {
            case .insert(let insert):
                let table = try userTable(insert.table)
                for (name, term) in zip(insert.columns, insert.values) {
                    let column = try column(name, of: table)
                    note(term, specs(table)(column), key: column.kind == .partitionKey ? column.position : nil)
                }
                using(insert.using, table)
            case .update(let update):
                let table = try userTable(update.table)
                using(update.using, table)
                for assignment in update.assignments {
                    let column = try column(assignment.column, of: table)
                    switch assignment {
                    case .set(_, let term), .add(_, let term), .prepend(_, let term), .remove(_, let term):
                        note(term, specs(table)(column))
                    case .setElement(_, let key, let value):
                        if case .map(let keyType, let valueType) = column.type.unfrozen {
                            note(key, ColumnSpec(keyspace: table.keyspace, table: table.name, name: "key(\(column.name))", type: keyType))
                            note(value, ColumnSpec(keyspace: table.keyspace, table: table.name, name: "value(\(column.name))", type: valueType))
                        }
                    }
                }
                try relations(update.whereClause, table)
            case .delete(let delete):
                let table = try userTable(delete.table)
                using(delete.using, table)
                try relations(delete.whereClause, table)
            case .select(let select):
                let keyspace = try keyspace(of: select.table)
                let table = try processor.system.table(keyspace, select.table.name)?.metadata ?? userTable(select.table)
                try relations(select.whereClause, table)
                if let limit = select.perPartitionLimit {
                    note(limit, ColumnSpec(keyspace: table.keyspace, table: table.name, name: "[per_partition_limit]", type: .int))
                }
                if let limit = select.limit {
                    note(limit, ColumnSpec(keyspace: table.keyspace, table: table.name, name: "[limit]", type: .int))
                }
            case .batch(let batch):
                for inner in batch.statements { try collect(inner) }
            default: break
            }
        }
        try collect(statement)
        return found.sorted { $0.index < $1.index }.map(\.variable)
    }

    /// Which markers bind the partition key, in key order (empty unless all do).
    func partitionKeyIndexes(of statement: Statement, variables: [Variable]) -> [UInt16] {
        var byPosition: [Int: UInt16] = [:]
        for (index, variable) in variables.enumerated() {
            if let position = variable.partitionKeyPosition, byPosition[position] == nil { byPosition[position] = UInt16(index) }
        }
        guard !byPosition.isEmpty, byPosition.keys.sorted() == Array(0..<byPosition.count) else { return [] }
        return (0..<byPosition.count).map { byPosition[$0]! }
    }

    /// The columns a SELECT's rows hold (empty for other statements).
    func resultColumns(of statement: Statement) throws -> [ColumnSpec] {
        guard case .select(let select) = statement else { return [] }
        let keyspace = try keyspace(of: select.table)
        if let virtual = processor.system.table(keyspace, select.table.name) {
            let metadata = virtual.metadata
            if select.selectsAll {
                return metadata.selectStarColumns.map { ColumnSpec(keyspace: keyspace, table: metadata.name, name: $0.name, type: $0.type) }
            }
            return try select.selectors.map { selector in
                guard case .column(let name) = selector.selection, let column = metadata.column(name) else {
                    throw CQLError.invalid("Undefined column name \(selector.columnName)")
                }
                return ColumnSpec(keyspace: keyspace, table: metadata.name, name: selector.alias ?? name, type: column.type)
            }
        }
        let table = try userTable(select.table)
        if select.countsRows {
            return [ColumnSpec(keyspace: table.keyspace, table: table.name, name: select.selectors.first?.alias ?? "count", type: .bigint)]
        }
        return try projections(select, table: table, codecs: TableCodecs(table)).map(\.spec)
    }
}
