import Contracts
import Foundation
import NotebookData
import StreamProcessing

/// One browser tab's session (its WebSocket): its own SQLite database, its
/// own execution count and its own live cells, so sessions never see each
/// other. Messages to the page go through `send`.
actor NotebookSession {
    let lab: any NotebookLab
    let sources: DataSources
    let configuration: NotebookConfiguration
    let database: SQLiteDatabase
    private let send: @Sendable (JSONValue) -> Void
    private var executionCount = 0
    /// Each cell's work under way (a batch query, or a live query until stopped).
    private var work: [String: Task<Void, Never>] = [:]

    init(lab: any NotebookLab, sources: DataSources, configuration: NotebookConfiguration, send: @escaping @Sendable (JSONValue) -> Void) throws {
        self.lab = lab
        self.sources = sources
        self.configuration = configuration
        self.send = send
        database = try SQLiteDatabase()
    }

    /// A message from the page: `{"type": "run", "cell": id, "kind": "code"|"markdown", "source": …}` or `{"type": "stop", "cell": id}`.
    func handle(_ message: JSONValue) async {
        guard case .object(let fields) = message, case .string(let type)? = fields["type"], case .string(let cell)? = fields["cell"] else {
            send(["type": "error", "cell": "", "message": "a message needs a type and a cell"])
            return
        }
        switch type {
        case "run":
            guard case .string(let source)? = fields["source"] else { return }
            let kind = (fields["kind"].flatMap { if case .string(let k) = $0 { k } else { nil } }) ?? "code"
            await run(cell: cell, kind: kind, source: source)
        case "stop":
            stop(cell)
        default:
            send(["type": "error", "cell": .string(cell), "message": .string("unknown message type \(type)")])
        }
    }

    /// Stops every cell's work (the page went away).
    func close() {
        for task in work.values { task.cancel() }
        work = [:]
    }

    private func stop(_ cell: String) {
        work.removeValue(forKey: cell)?.cancel()
        send(["type": "stopped", "cell": .string(cell)])
    }

    /// Messages are handled in order; a code cell's work goes on in a task
    /// of its own, so a slow query never holds up a stop or another cell.
    private func run(cell: String, kind: String, source: String) async {
        work.removeValue(forKey: cell)?.cancel()
        if kind == "markdown" {
            do {
                send(["type": "markdown", "cell": .string(cell), "html": .string(try lab.renderMarkdown(source))])
            } catch {
                fail(cell, count: nil, error)
            }
            return
        }
        executionCount += 1
        let count = executionCount
        send(["type": "started", "cell": .string(cell), "count": .integer(Int64(count))])
        work[cell] = Task { await self.execute(cell: cell, count: count, source: source) }
    }

    private func execute(cell: String, count: Int, source: String) async {
        do {
            let chart = try ChartSpec.directive(in: source)
            let sql = source.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }.joined(separator: "\n")
            guard !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                send(["type": "output", "cell": .string(cell), "count": .integer(Int64(count)), "html": "", "outputs": .array([])])
                return
            }
            if sql.range(of: #"\bEMIT\s+(CHANGES|FINAL)\b"#, options: [.regularExpression, .caseInsensitive]) != nil {
                let runner = LiveCellRunner(cell: cell, sql: sql, chart: chart, lab: lab, sources: sources,
                                            configuration: configuration, send: send)
                try runner.validate()
                await runner.run()
                return
            }
            var tables: [DataTable] = []
            var query = sql
            for name in DataSources.tableNames(in: sql) {
                tables.append(try await sources.table(name))
                // A store table keyspace.table is loaded under that whole name, which SQL writes quoted.
                if name.contains(".") { query = query.replacingOccurrences(of: name, with: "\"\(name)\"") }
            }
            try Task.checkCancellation()
            let result = try lab.runBatch(query, over: tables, in: database)
            var data: [String: JSONValue] = [
                "text/plain": .string("\(result.rows.count) rows: \(result.columns.joined(separator: ", "))"),
                "application/json": .object(["columns": .array(result.columns.map(JSONValue.string)),
                                             "rows": .array(result.rows.prefix(1_000).map { .array($0.map(NotebookSession.json)) })]),
            ]
            let html: String
            if let chart {
                let svg = try lab.renderChart(chart, result)
                data["image/svg+xml"] = .string(svg)
                html = svg
            } else {
                html = HTMLTable.render(result)
                data["text/html"] = .string(html)
            }
            let output = try lab.writeNotebookOutput(.display(data: data, metadata: [:]))
            send(["type": "output", "cell": .string(cell), "count": .integer(Int64(count)), "html": .string(html),
                  "outputs": .array([output])])
        } catch {
            if !Task.isCancelled { fail(cell, count: count, error) }
        }
    }

    /// The cell shows the error; nothing else is affected.
    private func fail(_ cell: String, count: Int?, _ error: any Error) {
        let name = error is NotImplemented ? "NotImplemented" : String(describing: type(of: error))
        let message = "\(error)"
        let output: JSONValue = ["output_type": "error", "ename": .string(name), "evalue": .string(message), "traceback": .array([])]
        send(["type": "error", "cell": .string(cell), "count": count.map { .integer(Int64($0)) } ?? .null,
              "message": .string(message), "outputs": .array([output])])
    }

    static func json(_ value: CellValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .integer(number)
        case .real(let number): .number(number)
        case .text(let text): .string(text)
        }
    }
}

extension NotebookLab {
    /// One output as nbformat JSON, written by the lab (a one-cell notebook's output).
    func writeNotebookOutput(_ output: CellOutput) throws -> JSONValue {
        let written = try writeNotebook(Notebook(cells: [NotebookCell(id: "x", kind: .code, source: "", outputs: [output])]))
        guard case .object(let root) = written, case .array(let cells)? = root["cells"], case .object(let cell)? = cells.first,
              case .array(let outputs)? = cell["outputs"], let first = outputs.first else { return .null }
        return first
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
