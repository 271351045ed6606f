import Contracts
import Foundation

/// Step 3: a table drawn as an SVG bar or line chart, with axes, ticks and labels.
enum ChartRenderer {
    /// The plot area's margins: room for the title, the tick labels and the axis names.
    static let margin = (top: 36.0, right: 16.0, bottom: 52.0, left: 64.0)

    static func svg(_ chart: ChartSpec, _ table: DataTable) throws -> String {
        guard let xIndex = table.index(of: chart.x) else { throw ChartError("no column \(chart.x) for x (the columns: \(table.columns.joined(separator: ", ")))") }
        guard let yIndex = table.index(of: chart.y) else { throw ChartError("no column \(chart.y) for y (the columns: \(table.columns.joined(separator: ", ")))") }
        let width = Double(chart.width), height = Double(chart.height)
        let plot = (x: margin.left, y: margin.top, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom)
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart \#(chart.kind.rawValue)" width="\#(chart.width)" height="\#(chart.height)" viewBox="0 0 \#(chart.width) \#(chart.height)" role="img">"#
        svg += #"<title>\#(escape(chart.title.isEmpty ? "\(chart.y) by \(chart.x)" : chart.title))</title>"#
        if !chart.title.isEmpty {
            svg += #"<text class="title" x="\#(format(width / 2))" y="20" text-anchor="middle" font-size="14" font-weight="bold">\#(escape(chart.title))</text>"#
        }
        let values = table.rows.map { $0[yIndex].number ?? 0 }
        guard !values.isEmpty else {
            svg += #"<text class="empty" x="\#(format(width / 2))" y="\#(format(height / 2))" text-anchor="middle">no rows</text></svg>"#
            return svg
        }
        // y: a nice scale from 0 (or below, for negative values) to above the largest value.
        let ticks = try niceTicks(min(0, values.min()!), max(values.max()!, 0))
        let (low, high) = (ticks.first!, ticks.last!)
        func y(_ value: Double) -> Double { plot.y + plot.height - (value - low) / (high - low) * plot.height }
        svg += #"<g class="y axis" font-size="11">"#
        for tick in ticks {
            svg += #"<line class="grid" x1="\#(format(plot.x))" x2="\#(format(plot.x + plot.width))" y1="\#(format(y(tick)))" y2="\#(format(y(tick)))" stroke="gainsboro"/>"#
            svg += #"<text class="tick" x="\#(format(plot.x - 6))" y="\#(format(y(tick) + 4))" text-anchor="end">\#(label(tick))</text>"#
        }
        svg += #"<text class="label" transform="translate(14 \#(format(plot.y + plot.height / 2))) rotate(-90)" text-anchor="middle">\#(escape(chart.y))</text></g>"#
        svg += #"<g class="x axis" font-size="11"><line x1="\#(format(plot.x))" x2="\#(format(plot.x + plot.width))" y1="\#(format(y(0)))" y2="\#(format(y(0)))" stroke="dimgray"/>"#
        svg += #"<text class="label" x="\#(format(plot.x + plot.width / 2))" y="\#(format(height - 8))" text-anchor="middle">\#(escape(chart.x))</text>"#
        switch chart.kind {
        case .bar:
            let band = plot.width / Double(values.count)
            for (index, row) in table.rows.enumerated() {
                let center = plot.x + band * (Double(index) + 0.5)
                svg += #"<text class="tick" x="\#(format(center))" y="\#(format(plot.y + plot.height + 16))" text-anchor="middle">\#(escape(short(row[xIndex].description)))</text>"#
            }
            svg += "</g><g class=\"bars\" fill=\"steelblue\">"
            for (index, value) in values.enumerated() {
                let top = y(max(value, 0)), bottom = y(min(value, 0))
                svg += #"<rect class="bar" x="\#(format(plot.x + band * (Double(index) + 0.1)))" y="\#(format(top))" width="\#(format(band * 0.8))" height="\#(format(bottom - top))"><title>\#(escape(table.rows[index][xIndex].description)): \#(label(value))</title></rect>"#
            }
            svg += "</g>"
        case .line:
            let xs = table.rows.enumerated().map { $1[xIndex].number ?? Double($0) }
            let (first, last) = (xs.min()!, xs.max()!)
            func x(_ value: Double) -> Double { last == first ? plot.x + plot.width / 2 : plot.x + (value - first) / (last - first) * plot.width }
            for tick in (last == first ? [first] : [first, (first + last) / 2, last]) {
                svg += #"<text class="tick" x="\#(format(x(tick)))" y="\#(format(plot.y + plot.height + 16))" text-anchor="middle">\#(label(tick))</text>"#
            }
            let points = zip(xs, values).map { "\(format(x($0))),\(format(y($1)))" }
            svg += #"</g><polyline class="line" fill="none" stroke="steelblue" stroke-width="2" points="\#(points.joined(separator: " "))"/>"#
        }
        return svg + "</svg>"
    }

    /// About five round ticks covering low...high: steps of 1, 2 or 5 × 10^n.
    static func niceTicks(_ low: Double, _ high: Double) throws -> [Double] {
        guard high > low else { return [low, low + 1] }
        let rough = (high - low) / 5
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        let start = floor(low / step) * step, end = ceil(high / step) * step
        return stride(from: start, through: end + step / 2, by: step).map { ($0 / step).rounded() * step }
    }

    /// A tick label: whole numbers without a fraction, others to 3 significant digits.
    static func label(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3g", value)
    }

    /// A coordinate, to one decimal.
    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A category label, cut to 14 characters.
    static func short(_ text: String) -> String { text.count > 14 ? String(text.prefix(13)) + "…" : text }

    /// Text safe inside SVG (XML): & < > " escaped.
    static func escape(_ text: String) -> String { text.markupEscaped }
}

/// A chart that cannot be drawn from the table.
struct ChartError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
