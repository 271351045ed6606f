import Contracts
import Foundation
import StreamProcessing

/// A live cell: its `EMIT CHANGES` query runs on the streaming SQL engine
/// over a live source; the lab's live view keeps the latest row per key and
/// says when a frame is due; each frame (a chart or a table) goes to the
/// page, which swaps it in place.
struct LiveCellRunner: Sendable {
    let cell: String
    let sql: String
    let chart: ChartSpec?
    let lab: any NotebookLab
    let sources: DataSources
    let configuration: NotebookConfiguration
    let send: @Sendable (JSONValue) -> Void

    /// Fails early (shown in the cell) when the query cannot run.
    func validate() throws {
        let plan = try SQLPlan(sql)
        if configuration.kafka == nil { try sources.checkLive(plan.source) }
    }

    func run() async {
        do {
            let plan = try SQLPlan(sql)
            let execution = try SQLExecution(plan: plan, lab: sources.streaming, defaultGraceMs: 2_000)
            var view: (any LiveView)?
            var windowStart: CellValue?
            var frames = 0
            let started = ContinuousClock.now
            func apply(_ changes: [[SQLValue]]) throws {
                let columns = execution.columns
                if view == nil { view = try lab.makeLiveView(spec(columns)) }
                var rows = changes.map { $0.map(DataSources.cell) }
                // A bar chart of a windowed query shows the newest window only.
                if chart?.kind == .bar, let index = columns.firstIndex(of: "windowstart") {
                    let newest = rows.map { $0[index] }.max { ($0.number ?? 0) < ($1.number ?? 0) }
                    if let newest, (newest.number ?? 0) > (windowStart?.number ?? -.infinity) {
                        windowStart = newest
                        view = try lab.makeLiveView(spec(columns))
                    }
                    rows = rows.filter { $0[index] == windowStart }
                }
                try view!.apply(rows)
            }
            func flush() throws {
                guard var current = view, let table = try current.frame(now: Int64(Date().timeIntervalSince1970 * 1000)) else { return }
                view = current
                frames += 1
                let html = try chart.map { try lab.renderChart($0, table) } ?? HTMLTable.render(table)
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                send(["type": "frame", "cell": .string(cell), "html": .string(html), "rows": .integer(Int64(table.rows.count)),
                      "frame": .integer(Int64(frames)), "seconds": .number(seconds), "rowsIn": .integer(execution.rowsIn)])
            }
            if let kafka = configuration.kafka {
                var options = SQLJob.Options(statement: sql)
                options.bootstrapServers = [kafka]
                options.defaultGraceMs = 2_000
                _ = try await SQLJob(lab: sources.streaming, options: options).run(header: { _ in }, rows: { changes in
                    try apply(changes)
                    try flush()
                })
            } else {
                let stream = try sources.live(plan.source)
                for try await batch in stream {
                    try Task.checkCancellation()
                    let changes = try execution.process(batch)
                    if !changes.isEmpty { try apply(changes) }
                    try flush()
                }
            }
        } catch is CancellationError {
            return
        } catch {
            guard !Task.isCancelled else { return }
            let name = error is NotImplemented ? "NotImplemented" : String(describing: type(of: error))
            send(["type": "error", "cell": .string(cell), "message": .string("\(error)"),
                  "outputs": .array([["output_type": "error", "ename": .string(name), "evalue": .string("\(error)"), "traceback": .array([])]])])
        }
    }

    /// The live view for the query's columns: keyed by every column but the
    /// measure (the chart's y, else the last column); a bar chart keeps the
    /// top 15 by its y, a line chart (or a table) keeps arrival order.
    private func spec(_ columns: [String]) -> LiveViewSpec {
        let measure = chart?.y ?? columns.last ?? ""
        let keys = columns.filter { $0 != measure && $0 != "windowend" }
        let bar = chart?.kind == .bar
        return LiveViewSpec(columns: columns, keyColumns: keys, orderBy: bar ? measure : nil, limit: bar ? 15 : 600,
                            minFrameIntervalMs: configuration.frameIntervalMs)
    }
}
