import Contracts
import Foundation
import LabKit
#if canImport(FoundationXML)
import FoundationXML
#endif

extension NotebookSuite {
    /// Step 3: SVG charts.
    static let chartStep = Step<any NotebookLab>(
        3, "Charts: bar and line charts as SVG",
        file: "Labs/Notebook/ChartRenderer.swift", function: "ChartRenderer.niceTicks, ChartRenderer.svg",
        hints: [
            "niceTicks: rough = (high − low) / 5; power = 10^floor(log10(rough)); step = the first of 1, 2, 5, 10 × power that is ≥ rough; ticks from floor(low/step)×step to ceil(high/step)×step by step.",
            "svg: find the x and y columns with table.index(of:) (throw ChartError when missing). The plot area is the chart minus margin. y(value) = plotTop + plotHeight − (value − firstTick) / (lastTick − firstTick) × plotHeight.",
            "Each y tick: a grid <line> across the plot and a <text class=\"tick\"> with label(tick). Name the axes: a <text> reading chart.x under the plot, one reading chart.y beside it. Bars: the width divided into one band per row, <rect class=\"bar\"> from y(value) down to y(0), 80% of the band wide; the row's x value under it as a <text class=\"tick\">.",
            "Line: x is the x column's number (or the row's index), scaled from its smallest to its largest; one <polyline class=\"line\" points=\"x,y x,y …\">. Escape every text you put in the SVG with escape(_:).",
        ],
        reading: "Labs/Notebook/README.md#step-3-charts-bar-and-line-charts-as-svg"
    ) { lab, _ in
        try expectEqual(try attempt("niceTicks") { try lab.niceTicksProbe(0, 87) }, [0, 20, 40, 60, 80, 100], "ticks for 0…87")
        try expectEqual(try attempt("niceTicks") { try lab.niceTicksProbe(0, 40) }, [0, 10, 20, 30, 40],
                        "ticks for 0…40 (rough step 8: the first of 1, 2, 5, 10 × 1 that is ≥ 8 is 10)")
        let table = DataTable(columns: ["hashtag", "count"], rows: [[.text("swift"), .integer(87)], [.text("<kafka>"), .integer(40)], [.text("mesos"), .integer(12)]])
        let bar = try attempt("renderChart(bar)") { try lab.renderChart(ChartSpec(kind: .bar, x: "hashtag", y: "count", title: "Top & trending"), table) }
        try wellFormed(bar, "renderChart(bar of 3 rows)")
        try expect(bar.hasPrefix("<svg") && bar.contains(#"xmlns="http://www.w3.org/2000/svg""#), "a chart is one <svg xmlns=\"http://www.w3.org/2000/svg\" …> element; got \(bar.prefix(80))")
        let heights = numbers(#"<rect class="bar"[^>]*height="([0-9.]+)""#, in: bar)
        try expectEqual(heights.count, 3, "<rect class=\"bar\"> elements in a bar chart of 3 rows")
        try expect(abs(heights[0] / heights[1] - 87.0 / 40) < 0.02 && abs(heights[1] / heights[2] - 40.0 / 12) < 0.05,
                   "bar heights must be proportional to 87, 40, 12 (on a scale from 0); got \(heights)")
        let ticks = strings(#"<text class="tick"[^>]*>([^<]*)</text>"#, in: bar)
        for label in ["0", "20", "40", "60", "80", "100", "swift", "&lt;kafka&gt;", "mesos"] {
            try expect(ticks.contains(label), "the bar chart's tick labels (<text class=\"tick\">) should include \(label); they are \(ticks)")
        }
        try expect(bar.contains("Top &amp; trending"), "the title, escaped (Top &amp; trending), should be in the chart")
        let lines = bar.components(separatedBy: "<line").count - 1
        try expect(lines >= 6, "the bar chart has \(lines) <line> elements: draw a grid <line> across the plot at each of its 6 y ticks (0 to 100)")
        let texts = strings(#"<text[^>]*>([^<]*)</text>"#, in: bar)
        for axis in ["hashtag", "count"] {
            try expect(texts.contains(axis), "the bar chart should name its axes: no <text> element reads \(axis) (the texts are \(texts))")
        }

        let series = DataTable(columns: ["second", "events"], rows: (0..<10).map { [.integer(Int64($0)), .integer(Int64(100 + $0 * $0))] })
        let line = try lab.renderChart(ChartSpec(kind: .line, x: "second", y: "events"), series)
        try wellFormed(line, "renderChart(line of 10 points)")
        let points = strings(#"<polyline class="line"[^>]*points="([^"]*)""#, in: line).first?.split(separator: " ") ?? []
        try expectEqual(points.count, 10, "points in the line chart's <polyline class=\"line\" points=\"…\"> for 10 rows")
        let xs = points.compactMap { Double($0.split(separator: ",")[0]) }, ys = points.compactMap { Double($0.split(separator: ",")[1]) }
        try expect(xs == xs.sorted() && Set(xs).count == 10, "the line's x coordinates must grow with the x column; got \(xs)")
        try expect(ys == ys.sorted(by: >), "events grow, so the line's y coordinates must fall (SVG's y points down); got \(ys)")

        let missing = try expectError("renderChart(y: likes)") { try lab.renderChart(ChartSpec(kind: .bar, x: "hashtag", y: "likes"), table) }
        try expect("\(missing)".contains("likes"), "renderChart with y: likes (no such column) should throw an error naming likes, got \(missing)")
        let empty = try lab.renderChart(ChartSpec(kind: .bar, x: "hashtag", y: "count"), DataTable(columns: ["hashtag", "count"], rows: []))
        try wellFormed(empty, "renderChart(no rows)")
    }

    static func wellFormed(_ svg: String, _ call: String) throws {
        #if canImport(FoundationXML) || canImport(Darwin)
        let parser = XMLParser(data: Data(svg.utf8))
        try expect(parser.parse(), "\(call) is not well-formed XML (\(parser.parserError.map { "\($0)" } ?? "?")): \(svg.prefix(300))")
        #endif
    }

    static func strings(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func numbers(_ pattern: String, in text: String) -> [Double] {
        strings(pattern, in: text).compactMap(Double.init)
    }
}

extension NotebookLab {
    /// The ticks, read off a chart whose values span low...high (niceTicks is internal to the lab).
    func niceTicksProbe(_ low: Double, _ high: Double) throws -> [Double] {
        let table = DataTable(columns: ["x", "y"], rows: [[.text("a"), .real(low)], [.text("b"), .real(high)]])
        let svg = try renderChart(ChartSpec(kind: .bar, x: "x", y: "y"), table)
        return NotebookSuite.strings(#"<text class="tick"[^>]*>([^<]*)</text>"#, in: svg).compactMap(Double.init)
    }
}
