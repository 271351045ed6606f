import CQL
import CQLProtocol
import Contracts

/// What a WHERE clause says about a table's primary key: which partitions,
/// which rows within them, and what else must be filtered row by row.
struct Restrictions {
    /// The partitions named with = or IN, in the order given; nil when the
    /// partition key is not restricted (a scan).
    var partitions: [PartitionKey]?
    /// `token(k) > x` and friends: the token range a scan keeps.
    var tokenLower: (value: Int64, inclusive: Bool)?
    var tokenUpper: (value: Int64, inclusive: Bool)?
    /// The clustering slices to read in each partition, in clustering order.
    var slices: [ClusteringRange] = [.all]
    /// Whether the clustering columns pin exactly one row (every column with =).
    var selectsSingleRow = false
    /// The full clustering prefixes given with = / IN (every clustering column), if so.
    var rowClusterings: [[UInt8]] = []
    /// Restrictions on regular columns (need ALLOW FILTERING): column, operator, value.
    var filters: [(column: ColumnMetadata, op: Relation.Operator, value: CQLValue)] = []
    /// Whether any clustering column is restricted.
    var restrictsClustering = false

    func tokenAllows(_ token: Int64) -> Bool {
        if let lower = tokenLower, lower.inclusive ? token < lower.value : token <= lower.value { return false }
        if let upper = tokenUpper, upper.inclusive ? token > upper.value : token >= upper.value { return false }
        return true
    }
}

extension Execution {
    /// Reads a WHERE clause against `table`.
    func restrictions(_ relations: [Relation], table: TableMetadata, codecs: TableCodecs) throws -> Restrictions {
        var result = Restrictions()
        var byColumn: [String: [Relation]] = [:]
        for relation in relations {
            switch relation.subject {
            case .column(let name):
                _ = try column(name, of: table)
                byColumn[name, default: []].append(relation)
            case .token(let names):
                guard names == table.partitionKey.map(\.name) else {
                    throw CQLError.invalid("The token function arguments must be the partition key, in order: \(table.partitionKey.map(\.name).joined(separator: ", "))")
                }
                let token: Int64
                switch try required(relation.value, as: .bigint, for: "partition key token") {
                case .bigint(let value): token = value
                default: throw CQLError.invalid("Invalid token value")
                }
                switch relation.op {
                case .greater: result.tokenLower = (token, false)
                case .greaterOrEqual: result.tokenLower = (token, true)
                case .less: result.tokenUpper = (token, false)
                case .lessOrEqual: result.tokenUpper = (token, true)
                case .equal: result.tokenLower = (token, true); result.tokenUpper = (token, true)
                default: throw CQLError.invalid("Unsupported operator \(relation.op.rawValue) on token()")
                }
            case .columns(let names):
                try tupleRelation(names, relation, table: table, codecs: codecs, into: &result)
            case .element:
                throw CQLError.invalid("Restrictions on collection elements are not supported")
            }
        }

        // The partition key: every column with = or IN, or none at all.
        let keyColumns = table.partitionKey
        let restrictedKeys = keyColumns.filter { byColumn[$0.name] != nil }
        if !restrictedKeys.isEmpty {
            guard restrictedKeys.count == keyColumns.count else {
                let missing = keyColumns.filter { byColumn[$0.name] == nil }.map(\.name)
                throw CQLError.invalid("Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. Partition key parts: \(missing.joined(separator: ", ")) must be restricted as other parts are")
            }
            var combinations: [[CQLValue]] = [[]]
            for column in keyColumns {
                let values = try equalities(byColumn[column.name]!, column: column, role: "partition key")
                combinations = combinations.flatMap { prefix in values.map { prefix + [$0] } }
            }
            result.partitions = try combinations.map { try codecs.key($0) }
        }

        // Clustering columns: = / IN on a prefix, then at most one slice.
        var prefixes: [[CQLValue]] = [[]]
        var sliced = false
        var previous: ColumnMetadata?
        for column in table.clusteringColumns {
            guard let relations = byColumn[column.name] else {
                // Later columns may not be restricted once one is skipped.
                if let later = table.clusteringColumns.drop(while: { $0.name != column.name }).dropFirst().first(where: { byColumn[$0.name] != nil }) {
                    throw CQLError.invalid("PRIMARY KEY column \"\(later.name)\" cannot be restricted as preceding column \"\(column.name)\" is not restricted")
                }
                break
            }
            result.restrictsClustering = true
            if sliced, let previous {
                throw CQLError.invalid("Clustering column \"\(column.name)\" cannot be restricted (preceding column \"\(previous.name)\" is restricted by a non-EQ relation)")
            }
            if relations.allSatisfy({ $0.op == .equal || $0.op == .in }) {
                let values = try equalities(relations, column: column, role: "clustering")
                prefixes = prefixes.flatMap { prefix in values.map { prefix + [$0] } }
            } else {
                result.slices = try prefixes.map { try slice(relations, column: column, prefix: $0, codecs: codecs) }
                sliced = true
            }
            previous = column
        }
        if !sliced, result.restrictsClustering {
            let encoded = try prefixes.map { try codecs.clusteringBytes($0) }
            result.slices = encoded.map { ClusteringRange.prefix($0) }
            if prefixes.first?.count == table.clusteringColumns.count {
                result.selectsSingleRow = true
                result.rowClusterings = encoded
            }
        }
        if table.clusteringColumns.isEmpty {
            result.selectsSingleRow = true
            result.rowClusterings = [[]]
        }

        // Everything else filters rows.
        for column in table.regularColumns {
            for relation in byColumn[column.name] ?? [] {
                guard let value = try evaluate(relation.value, as: column.type, for: column.name).value else {
                    throw CQLError.invalid("Unsupported null value for column \(column.name)")
                }
                result.filters.append((column, relation.op, value))
            }
        }
        return result
    }

    /// The values a column is pinned to by = or IN.
    func equalities(_ relations: [Relation], column: ColumnMetadata, role: String) throws -> [CQLValue] {
        guard relations.count == 1, let relation = relations.first else {
            throw CQLError.invalid("\(column.name) cannot be restricted by more than one relation if it includes an Equal")
        }
        switch relation.op {
        case .equal:
            return [try required(relation.value, as: column.type, for: column.name)]
        case .in:
            switch relation.value {
            case .tuple(let terms), .list(let terms):
                return try terms.map { try required($0, as: column.type, for: column.name) }
            default:
                guard case .list(let values) = try required(relation.value, as: .list(column.type), for: "in(\(column.name))") else {
                    throw CQLError.invalid("Invalid IN values for \(column.name)")
                }
                return values
            }
        default:
            throw CQLError.invalid("Only EQ and IN relation are supported on the \(role) columns (got \(relation.op.rawValue) on \(column.name))")
        }
    }

    /// A slice on `column` after the equal `prefix`: byte bounds, DESC columns flipped.
    func slice(_ relations: [Relation], column: ColumnMetadata, prefix: [CQLValue], codecs: TableCodecs) throws -> ClusteringRange {
        let prefixBytes = try codecs.clusteringBytes(prefix)
        var range = prefixBytes.isEmpty ? ClusteringRange.all : .prefix(prefixBytes)
        for relation in relations {
            let value = try required(relation.value, as: column.type, for: column.name)
            guard relation.op != .equal, relation.op != .in else {
                throw CQLError.invalid("\(column.name) cannot be restricted by more than one relation if it includes an Equal")
            }
            try narrow(&range, relation.op, to: try codecs.clusteringBytes(prefix + [value]), descending: column.descending)
        }
        return range
    }

    /// Applies `clustering op bound` to `range`: > and >= set its start, < and
    /// <= its end; on a DESC column byte order runs the other way, so they swap.
    func narrow(_ range: inout ClusteringRange, _ op: Relation.Operator, to bound: [UInt8], descending: Bool) throws {
        var lower: Bool
        let inclusive: Bool
        switch op {
        case .greater: (lower, inclusive) = (true, false)
        case .greaterOrEqual: (lower, inclusive) = (true, true)
        case .less: (lower, inclusive) = (false, false)
        case .lessOrEqual: (lower, inclusive) = (false, true)
        default: throw CQLError.invalid("Unsupported operator \(op.rawValue) in a clustering slice")
        }
        if descending { lower.toggle() }
        if lower { range.start = .init(prefix: bound, inclusive: inclusive) } else { range.end = .init(prefix: bound, inclusive: inclusive) }
    }

    /// `(c1, c2) > (v1, v2)`: a slice over several clustering columns (all of one order).
    func tupleRelation(_ names: [String], _ relation: Relation, table: TableMetadata, codecs: TableCodecs,
                       into result: inout Restrictions) throws {
        let clustering = table.clusteringColumns
        guard names.count <= clustering.count, zip(names, clustering).allSatisfy({ $0 == $1.name }) else {
            throw CQLError.invalid("Multi-column relations can only be applied to clustering columns, in order")
        }
        guard case .tuple(let terms) = relation.value, terms.count == names.count else {
            throw CQLError.invalid("Expected \(names.count) elements in value tuple")
        }
        let values = try zip(terms, clustering).map { try required($0, as: $1.type, for: $1.name) }
        let bound = try codecs.clusteringBytes(values)
        result.restrictsClustering = true
        if relation.op == .equal {
            result.slices = [.prefix(bound)]
            return
        }
        var range = result.slices.count == 1 ? result.slices[0] : .all
        try narrow(&range, relation.op, to: bound, descending: clustering[0].descending)
        result.slices = [range]
    }
}
