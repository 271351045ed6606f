import Contracts

/// A table as HTML, for a cell's output.
enum HTMLTable {
    /// The first `limit` rows as a `<table class="result">`, with a line saying how many there were.
    static func render(_ table: DataTable, limit: Int = 100) -> String {
        var html = #"<table class="result"><thead><tr>"#
        for column in table.columns { html += "<th>\(escape(column))</th>" }
        html += "</tr></thead><tbody>"
        for row in table.rows.prefix(limit) {
            html += "<tr>" + row.map { "<td class=\"\(kind($0))\">\(escape($0.description))</td>" }.joined() + "</tr>"
        }
        html += "</tbody></table>"
        let shown = min(limit, table.rows.count)
        html += #"<p class="rows">\#(table.rows.count) row\#(table.rows.count == 1 ? "" : "s")\#(shown < table.rows.count ? ", the first \(shown) shown" : "")</p>"#
        return html
    }

    static func kind(_ value: CellValue) -> String {
        switch value {
        case .null: "null"
        case .integer, .real: "number"
        case .text: "text"
        }
    }

    static func escape(_ text: String) -> String { text.markupEscaped }
}
