import Contracts

/// A planned query running over rows, batch by batch, on the streaming
/// lab's operators: WHERE is a `filter`, EXPLODE a `flatMap`, and windows
/// come from `windowStarts`. Push queries (EMIT CHANGES / EMIT FINAL) give
/// rows after every batch; a bounded query gives its answer at `finish()`.
public final class SQLExecution {
    /// Identifies a group: its window's start (0 without a window) and its GROUP BY values.
    struct GroupKey: Hashable {
        var windowStart: Int64
        var keys: [SQLValue]
    }

    /// A group's state: its first row (for its key columns) and its aggregates.
    struct Group {
        var row: SQLRow
        var accumulators: [SQLAccumulator]
    }

    public let plan: SQLPlan
    private let lab: any StreamingLab
    private let pipeline: Operator<SQLRow, SQLRow>
    private let window: WindowSpec?
    /// How far the watermark trails the newest event time (GRACE PERIOD).
    public let graceMs: Int64

    /// The output columns (for SELECT *, known once the first row is read).
    public private(set) var columns: [String]
    /// Rows read from the source.
    public private(set) var rowsIn: Int64 = 0
    /// Rows that arrived after the watermark had closed their window (push queries; dropped).
    public private(set) var lateRows: Int64 = 0
    /// Output rows so far.
    public private(set) var rowsOut = 0
    /// The newest event time seen, and the watermark: no window ending at or before it changes again.
    public private(set) var maxEventTime: Int64 = .min
    public private(set) var watermark: Int64 = .min

    private var groups: [GroupKey: Group] = [:]
    private var changed: Set<GroupKey> = []
    private var collected: [(values: [SQLValue], sort: [SQLValue])] = []
    private var checkedColumns = false

    /// `defaultGraceMs` applies when the window has no GRACE PERIOD.
    public init(plan: SQLPlan, lab: any StreamingLab, defaultGraceMs: Int64 = 10_000) throws {
        self.plan = plan
        self.lab = lab
        self.columns = plan.columns
        self.graceMs = plan.window?.graceMs ?? defaultGraceMs
        self.window = plan.window.map { WindowSpec(size: $0.sizeMs, slide: $0.advanceMs ?? $0.sizeMs) }
        var pipeline: Operator<SQLRow, SQLRow>?
        if let explode = plan.explode {
            pipeline = try lab.flatMap { (row: SQLRow) -> [SQLRow] in
                guard case .array(let elements) = row[explode.column] ?? .null else { return [] }
                return elements.map { element in
                    var exploded = row
                    exploded[explode.alias] = element
                    return exploded
                }
            }
        }
        if let condition = plan.filter {
            let filter = try lab.filter { (row: SQLRow) in SQLEvaluator(row: row).evaluate(condition).isTrue }
            pipeline = try pipeline.map { try lab.chain($0, filter) } ?? filter
        }
        self.pipeline = try pipeline ?? lab.map { $0 }
    }

    /// Whether the query has all it asked for (its LIMIT).
    public var isDone: Bool {
        guard let limit = plan.limit else { return false }
        if !plan.isPush && !plan.isGrouped && plan.orderBy.isEmpty { return collected.count >= limit }
        return rowsOut >= limit
    }

    /// Feeds a batch of source rows; returns the rows a push query emits now.
    public func process(_ rows: [SQLRow]) throws -> [[SQLValue]] {
        var failure: (any Error)?
        if !checkedColumns && !rows.isEmpty { try checkColumns(rows) }
        for source in rows {
            rowsIn += 1
            pipeline.process(source) { row in
                guard failure == nil else { return }
                do { try self.accept(row) } catch { failure = error }
            }
            if let failure { throw failure }
            if isDone { break }
        }
        guard plan.isPush else { return [] }
        if maxEventTime != .min { watermark = max(watermark, maxEventTime &- graceMs) }
        var out: [[SQLValue]] = []
        if plan.isGrouped {
            switch plan.emit {
            case .changes:
                out = rowsOf(changed.sorted(by: Self.keyOrder))
                changed.removeAll()
                if let window { groups = groups.filter { $0.key.windowStart + window.size > watermark } }
            case .final:
                out = close { [watermark] key in key.windowStart + self.window!.size <= watermark }
            case .none: break
            }
        } else {
            out = collected.map(\.values)
            collected.removeAll()
        }
        return limited(out)
    }

    /// The end of the input: a bounded query's answer, or EMIT FINAL's last windows.
    public func finish() throws -> [[SQLValue]] {
        switch plan.emit {
        case .changes: return []
        case .final: return limited(close { _ in true })
        case .none: break
        }
        var results: [(values: [SQLValue], sort: [SQLValue])]
        if plan.isGrouped {
            if groups.isEmpty && plan.groupBy.isEmpty && plan.window == nil {
                groups[GroupKey(windowStart: 0, keys: [])] = Group(row: [:], accumulators: plan.aggregates.map(SQLAccumulator.init))
            }
            results = []
            for key in groups.keys.sorted(by: Self.keyOrder) {
                guard let evaluator = evaluator(for: key) else { continue }
                results.append((outputs(evaluator), plan.orderBy.map { evaluator.evaluate($0.expression) }))
            }
        } else {
            results = collected
        }
        if !plan.orderBy.isEmpty {
            let descending = plan.orderBy.map(\.descending)
            results = results.enumerated().sorted { a, b in
                for (i, isDescending) in descending.enumerated() {
                    let c = SQLValue.sortOrder(a.element.sort[i], b.element.sort[i])
                    if c != 0 { return isDescending ? c > 0 : c < 0 }
                }
                return a.offset < b.offset
            }.map(\.element)
        }
        return limited(results.map(\.values))
    }

    // MARK: Rows

    private func accept(_ row: SQLRow) throws {
        let time = Self.eventTime(row)
        if plan.isPush { maxEventTime = max(maxEventTime, time) }
        guard plan.isGrouped else {
            if !plan.isPush, plan.orderBy.isEmpty, let limit = plan.limit, collected.count + rowsOut >= limit { return }
            let evaluator = SQLEvaluator(row: row)
            collected.append((outputs(evaluator), plan.orderBy.map { evaluator.evaluate($0.expression) }))
            return
        }
        let evaluator = SQLEvaluator(row: row)
        let keys = plan.groupBy.map(evaluator.evaluate)
        let starts = try window.map { try lab.windowStarts(containing: time, $0) } ?? [0]
        for start in starts {
            if plan.isPush, let window, start + window.size <= watermark {
                lateRows += 1
                continue
            }
            let key = GroupKey(windowStart: start, keys: keys)
            // Updated in place in the dictionary (no copy of the group's state).
            for (i, aggregate) in plan.aggregates.enumerated() {
                groups[key, default: Group(row: row, accumulators: plan.aggregates.map(SQLAccumulator.init))]
                    .accumulators[i].add(aggregate.argument.map(evaluator.evaluate) ?? .bool(true))
            }
            if plan.aggregates.isEmpty && groups[key] == nil { groups[key] = Group(row: row, accumulators: []) }
            if plan.emit == .changes { changed.insert(key) }
        }
    }

    /// A group's evaluator, or nil when HAVING leaves it out.
    private func evaluator(for key: GroupKey) -> SQLEvaluator? {
        guard let group = groups[key] else { return nil }
        let evaluator = SQLEvaluator(row: group.row, aggregates: group.accumulators.map(\.value),
                                     window: window.map { (key.windowStart, key.windowStart + $0.size) })
        if let having = plan.having, !evaluator.evaluate(having).isTrue { return nil }
        return evaluator
    }

    private func outputs(_ evaluator: SQLEvaluator) -> [SQLValue] {
        if let outputs = plan.outputs { return outputs.map { evaluator.evaluate($0.expression) } }
        return columns.map { evaluator.row[$0] ?? .null }
    }

    private func rowsOf(_ keys: [GroupKey]) -> [[SQLValue]] {
        keys.compactMap { evaluator(for: $0).map(outputs) }
    }

    /// The groups `isClosed` picks, in window then key order, as rows; their state is dropped.
    private func close(_ isClosed: (GroupKey) -> Bool) -> [[SQLValue]] {
        let keys = groups.keys.filter(isClosed).sorted(by: Self.keyOrder)
        let rows = rowsOf(keys)
        for key in keys { groups[key] = nil }
        return rows
    }

    private func limited(_ rows: [[SQLValue]]) -> [[SQLValue]] {
        var rows = rows
        if let limit = plan.limit { rows = Array(rows.prefix(max(0, limit - rowsOut))) }
        rowsOut += rows.count
        return rows
    }

    /// The first batch's rows name the source's columns (a JSON field may be
    /// missing from some rows): every column the query reads must be one of them.
    private func checkColumns(_ rows: [SQLRow]) throws {
        checkedColumns = true
        var known = Set<String>()
        for row in rows { known.formUnion(row.keys) }
        if plan.outputs == nil { columns = Self.ordered(known) }
        // Rows with a text have the derived columns too, whether the source derived them or not
        // (it does not when the query reads neither).
        if known.contains("text") { known.formUnion(SQLRows.derivedColumns) }
        let missing = plan.sourceColumns.subtracting(known).sorted()
        guard missing.isEmpty else {
            throw SQLError("unknown column\(missing.count == 1 ? "" : "s") \(missing.map { "\"\($0)\"" }.joined(separator: ", ")); "
                + "\(plan.source) has: \(Self.ordered(known).joined(separator: ", "))", at: nil, in: nil)
        }
    }

    /// Event time: the row's `ts` (milliseconds), else its ROWTIME (the Kafka record's timestamp), else 0.
    static func eventTime(_ row: SQLRow) -> Int64 {
        if case .int(let ts) = row["ts"] ?? .null { return ts }
        if case .int(let ts) = row["rowtime"] ?? .null { return ts }
        return 0
    }

    /// Columns in a familiar order: the event fields first, the rest alphabetically.
    static func ordered(_ names: Set<String>) -> [String] {
        let first = ["id", "type", "user", "user_id", "hashtag", "ts", "text", "post", "followee", "hashtags", "mentions"]
        return first.filter(names.contains) + names.subtracting(first).sorted()
    }

    static func keyOrder(_ a: GroupKey, _ b: GroupKey) -> Bool {
        if a.windowStart != b.windowStart { return a.windowStart < b.windowStart }
        for (x, y) in zip(a.keys, b.keys) {
            let c = SQLValue.sortOrder(x, y)
            if c != 0 { return c < 0 }
        }
        return false
    }
}
