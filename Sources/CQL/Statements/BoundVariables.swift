/// What a bind marker is bound to, so the server can name and type it in
/// PREPARE's result metadata and decode the value EXECUTE sends.
public indirect enum BindReceiver: Hashable, Sendable {
    /// A value of the column (`c = ?`, `VALUES (?)`, `(c1, c2) > (?, ?)`).
    case column(String)
    /// An element of a list or set value of the receiver (`[?, ?]`, `{?}`).
    case element(BindReceiver)
    /// A key of a map value of the receiver (`{?: 1}`, `m[?] = 1`); the index (an int) for a list.
    case key(BindReceiver)
    /// A value of a map value of the receiver; the element for a list (`m['k'] = ?`, `l[0] = ?`).
    case value(BindReceiver)
    /// Field `index` of a tuple value of the receiver.
    case field(BindReceiver, Int)
    /// A list of the receiver's values (`c IN ?`).
    case inValues(BindReceiver)
    /// A tuple of these receivers (`(c1, c2) > ?`).
    case tuple([BindReceiver])
    /// The partition key token, a bigint (`token(k) > ?`).
    case token
    /// `LIMIT ?` (an int).
    case limit
    /// `PER PARTITION LIMIT ?` (an int).
    case perPartitionLimit
    /// `USING TTL ?` (an int).
    case ttl
    /// `USING TIMESTAMP ?` (a bigint).
    case timestamp
    /// An argument of a function call.
    case functionArgument(function: String, index: Int)

    /// The receiver's type, given the table's column types.
    public func type(columnType: (String) -> CQLType?) -> CQLType? {
        switch self {
        case .column(let c): return columnType(c)
        case .element(let r):
            switch r.type(columnType: columnType)?.unfrozen {
            case .list(let e), .set(let e): return e
            default: return nil
            }
        case .key(let r):
            switch r.type(columnType: columnType)?.unfrozen {
            case .map(let k, _): return k
            case .list: return .int
            case .set(let e): return e
            default: return nil
            }
        case .value(let r):
            switch r.type(columnType: columnType)?.unfrozen {
            case .map(_, let v): return v
            case .list(let e): return e
            default: return nil
            }
        case .field(let r, let index):
            guard case .tuple(let types) = r.type(columnType: columnType)?.unfrozen, index < types.count else { return nil }
            return types[index]
        case .inValues(let r): return r.type(columnType: columnType).map { .list($0) }
        case .tuple(let receivers):
            var types: [CQLType] = []
            for receiver in receivers {
                guard let type = receiver.type(columnType: columnType) else { return nil }
                types.append(type)
            }
            return .tuple(types)
        case .token, .timestamp: return .bigint
        case .limit, .perPartitionLimit, .ttl: return .int
        case .functionArgument: return nil
        }
    }

    /// The name Cassandra gives the variable in PREPARE metadata: the column,
    /// `in(c)`, `key(m)`, `value(m)`, `[limit]`, `[ttl]`, `[timestamp]`, `partition key token`...
    public var name: String {
        switch self {
        case .column(let c): c
        case .element(let r): r.name
        case .key(let r): "key(\(r.name))"
        case .value(let r): "value(\(r.name))"
        case .field(let r, _): r.name
        case .inValues(let r): "in(\(r.name))"
        case .tuple(let rs): "(" + rs.map(\.name).joined(separator: ",") + ")"
        case .token: "partition key token"
        case .limit: "[limit]"
        case .perPartitionLimit: "[per_partition_limit]"
        case .ttl: "[ttl]"
        case .timestamp: "[timestamp]"
        case .functionArgument(let function, let index): "arg\(index)(\(function))"
        }
    }
}

/// One bind marker of a statement and what it is bound to.
public struct BoundVariable: Hashable, Sendable {
    public var marker: BindMarker
    public var receiver: BindReceiver

    public init(marker: BindMarker, receiver: BindReceiver) {
        self.marker = marker
        self.receiver = receiver
    }

    /// The marker's own name for `:name`, else the receiver's.
    public var name: String { marker.name ?? receiver.name }
}

extension Statement {
    /// Every bind marker, in order (index 0, 1, ...), with its receiver.
    public var boundVariables: [BoundVariable] {
        var out: [BoundVariable] = []
        collect(into: &out)
        return out.sorted { $0.marker.index < $1.marker.index }
    }

    /// Every bind marker, in order.
    public var bindMarkers: [BindMarker] { boundVariables.map(\.marker) }

    func collect(into out: inout [BoundVariable]) {
        func using(_ clause: UsingClause) {
            clause.ttl.map { $0.collectMarkers(.ttl, into: &out) }
            clause.timestamp.map { $0.collectMarkers(.timestamp, into: &out) }
        }
        func relations(_ list: [Relation]) {
            for relation in list { relation.collectMarkers(into: &out) }
        }
        switch self {
        case .insert(let s):
            for (column, value) in zip(s.columns, s.values) { value.collectMarkers(.column(column), into: &out) }
            using(s.using)
        case .update(let s):
            using(s.using)
            for assignment in s.assignments {
                switch assignment {
                case .set(let c, let v), .add(let c, let v), .prepend(let c, let v), .remove(let c, let v):
                    v.collectMarkers(.column(c), into: &out)
                case .setElement(let c, let k, let v):
                    k.collectMarkers(.key(.column(c)), into: &out)
                    v.collectMarkers(.value(.column(c)), into: &out)
                }
            }
            relations(s.whereClause)
            relations(s.conditions)
        case .delete(let s):
            for case .element(let c, let key) in s.targets { key.collectMarkers(.key(.column(c)), into: &out) }
            using(s.using)
            relations(s.whereClause)
            relations(s.conditions)
        case .select(let s):
            relations(s.whereClause)
            s.perPartitionLimit.map { $0.collectMarkers(.perPartitionLimit, into: &out) }
            s.limit.map { $0.collectMarkers(.limit, into: &out) }
        case .batch(let s):
            using(s.using)
            for statement in s.statements { statement.collect(into: &out) }
        case .createKeyspace, .dropKeyspace, .createTable, .dropTable, .truncate, .use, .describe:
            break
        }
    }
}

extension Relation {
    func collectMarkers(into out: inout [BoundVariable]) {
        let receiver: BindReceiver
        switch subject {
        case .column(let c): receiver = .column(c)
        case .columns(let cs): receiver = .tuple(cs.map { .column($0) })
        case .token: receiver = .token
        case .element(let c, let key):
            key.collectMarkers(.key(.column(c)), into: &out)
            receiver = .value(.column(c))
        }
        switch op {
        case .in:
            if case .list(let items) = value {
                for item in items { item.collectMarkers(receiver, into: &out) }
            } else {
                value.collectMarkers(.inValues(receiver), into: &out)
            }
        case .contains: value.collectMarkers(.element(receiver), into: &out)
        case .containsKey: value.collectMarkers(.key(receiver), into: &out)
        default: value.collectMarkers(receiver, into: &out)
        }
    }
}

extension Term {
    func collectMarkers(_ receiver: BindReceiver, into out: inout [BoundVariable]) {
        switch self {
        case .bindMarker(let marker): out.append(BoundVariable(marker: marker, receiver: receiver))
        case .list(let elements), .set(let elements):
            for element in elements { element.collectMarkers(.element(receiver), into: &out) }
        case .map(let entries):
            for entry in entries {
                entry.key.collectMarkers(.key(receiver), into: &out)
                entry.value.collectMarkers(.value(receiver), into: &out)
            }
        case .tuple(let fields):
            if case .tuple(let receivers) = receiver, receivers.count == fields.count {
                for (field, r) in zip(fields, receivers) { field.collectMarkers(r, into: &out) }
            } else {
                for (index, field) in fields.enumerated() { field.collectMarkers(.field(receiver, index), into: &out) }
            }
        case .function(let name, let arguments):
            for (index, argument) in arguments.enumerated() {
                argument.collectMarkers(.functionArgument(function: name, index: index), into: &out)
            }
        case .string, .integer, .float, .boolean, .null, .uuid, .blob:
            break
        }
    }
}
