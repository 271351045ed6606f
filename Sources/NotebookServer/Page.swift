/// The notebook page: HTML, CSS and our own small JavaScript (no
/// third-party front-end code). It loads the notebook through the contents
/// API, runs cells over the session's WebSocket, swaps live frames in place
/// (one DOM write per animation frame, so charts update without flicker),
/// and saves with PUT. `?run=all` runs every cell once the socket is open.
enum Page {
    static func notebook(path: String) -> String {
        let safePath = HTMLTable.escape(path)
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(safePath) · Chirp notebook</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>\(css)</style></head>
        <body data-path="\(safePath)">
        <header><h1>\(safePath)</h1>
          <button id="run-all">Run all</button> <button id="save">Save</button>
          <button id="add-code">+ Query</button> <button id="add-markdown">+ Markdown</button>
          <span id="status">connecting…</span></header>
        <main id="cells"></main>
        <script>\(script)</script>
        </body></html>
        """
    }

    static func index(_ names: [String]) -> String {
        let items = names.map { "<li><a href=\"/notebooks/\(HTMLTable.escape($0))\">\(HTMLTable.escape($0))</a></li>" }.joined()
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chirp notebooks</title><style>\(css)</style></head>
        <body><header><h1>Notebooks</h1></header><main><ul class="notebooks">\(items.isEmpty ? "<li>none yet: PUT one to /api/contents/NAME.ipynb</li>" : items)</ul></main></body></html>
        """
    }

    static let css = """
    body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#222}
    header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:8px 16px;display:flex;gap:8px;align-items:center;z-index:1}
    header h1{font-size:16px;margin:0 12px 0 0}#status{margin-left:auto;color:#666}
    main{max-width:1000px;margin:16px auto;padding:0 16px}
    .cell{background:#fff;border:1px solid #ddd;border-radius:6px;margin:12px 0;padding:8px}
    .cell.running{border-color:#4e79a7}.cell.live{border-color:#59a14f}
    .bar{display:flex;gap:6px;align-items:center;color:#666;font-size:12px}
    .count{font-family:monospace;min-width:4em}
    textarea{width:100%;box-sizing:border-box;font:13px/1.4 ui-monospace,monospace;border:1px solid #eee;padding:6px;resize:vertical}
    .cell.markdown.rendered textarea{display:none}
    .output{margin-top:6px;overflow-x:auto}.output svg{max-width:100%;height:auto}
    .error{color:#b00020;white-space:pre-wrap;font-family:monospace}
    table.result{border-collapse:collapse;font-size:13px}table.result th,table.result td{border:1px solid #ddd;padding:2px 8px}
    td.number{text-align:right}td.null{color:#999}p.rows{color:#666;font-size:12px;margin:4px 0}
    """

    static let script = #"""
    "use strict";
    const path = document.body.dataset.path;
    const cellsEl = document.getElementById("cells");
    const statusEl = document.getElementById("status");
    const cells = new Map();      // id -> {el, kind, outputs, count}
    const pending = new Map();    // id -> latest frame html, written once per animation frame
    let notebook = null, socket = null, opened = null;

    function el(tag, attrs, text) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function newId() { return "c" + Math.random().toString(36).slice(2, 10); }

    function addCell(cell, before) {
      const div = el("div", {class: "cell " + cell.cell_type, id: "cell-" + cell.id, "data-cell": cell.id});
      const bar = el("div", {class: "bar"});
      const run = el("button", {class: "run", title: "Run (Shift+Enter)"}, "▶");
      const stop = el("button", {class: "stop", title: "Stop the live query"}, "■");
      const del = el("button", {class: "delete", title: "Delete the cell"}, "✕");
      const count = el("span", {class: "count"}, cell.execution_count ? "[" + cell.execution_count + "]" : "[ ]");
      const info = el("span", {class: "info"});
      bar.append(run, stop, del, count, info);
      const source = el("textarea", {rows: Math.max(2, cell.source.split("\n").length), spellcheck: "false"});
      source.value = cell.source;
      const output = el("div", {class: "output"});
      div.append(bar, source, output);
      const entry = {el: div, kind: cell.cell_type, outputs: cell.outputs || [], count: cell.execution_count, metadata: cell.metadata || {}, source, output, countEl: count, info};
      cells.set(cell.id, entry);
      showSaved(entry);
      run.onclick = () => runCell(cell.id);
      stop.onclick = () => send({type: "stop", cell: cell.id});
      del.onclick = () => { send({type: "stop", cell: cell.id}); cells.delete(cell.id); div.remove(); };
      source.onkeydown = (e) => { if (e.key === "Enter" && e.shiftKey) { e.preventDefault(); runCell(cell.id); } };
      if (cell.cell_type === "markdown") div.ondblclick = () => div.classList.remove("rendered");
      cellsEl.insertBefore(div, before || null);
      return entry;
    }

    // A saved output comes from a file anyone may have written: it is parsed
    // into an inert document, and what could run code is taken out before
    // it is shown (scripts, frames, event handlers, javascript: URLs).
    function inert(html) {
      const doc = new DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll("script, iframe, object, embed, base, meta, link").forEach((n) => n.remove());
      for (const node of doc.body.querySelectorAll("*")) {
        for (const a of Array.from(node.attributes)) {
          const value = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
          if (a.name.toLowerCase().startsWith("on") || /^(javascript|vbscript|data:text\/html)/.test(value)) node.removeAttribute(a.name);
        }
      }
      return Array.from(doc.body.childNodes);
    }

    function showSaved(entry) {
      for (const o of entry.outputs) {
        if (o.output_type === "display_data") {
          const d = o.data || {};
          const html = d["image/svg+xml"] || d["text/html"];
          if (html) entry.output.replaceChildren(...inert(Array.isArray(html) ? html.join("") : html));
        } else if (o.output_type === "error") {
          entry.output.replaceChildren(el("div", {class: "error"}, o.ename + ": " + o.evalue));
        }
      }
    }

    function send(message) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    }

    function runCell(id) {
      const entry = cells.get(id);
      if (!entry) return;
      entry.el.classList.add("running");
      send({type: "run", cell: id, kind: entry.kind, source: entry.source.value});
    }

    function runAll() { for (const id of cells.keys()) runCell(id); }

    function onMessage(event) {
      const m = JSON.parse(event.data);
      const entry = cells.get(m.cell);
      if (!entry) return;
      switch (m.type) {
        case "started":
          entry.count = m.count; entry.countEl.textContent = "[" + m.count + "]"; break;
        case "output":
          entry.el.classList.remove("running", "live");
          entry.outputs = m.outputs; entry.output.innerHTML = m.html; entry.el.dataset.done = "true"; break;
        case "markdown":
          entry.el.classList.remove("running");
          entry.output.innerHTML = m.html; entry.el.classList.add("rendered"); entry.el.dataset.done = "true"; break;
        case "frame":
          entry.el.classList.remove("running"); entry.el.classList.add("live");
          entry.el.dataset.frames = m.frame; entry.el.dataset.done = "true";
          entry.info.textContent = m.frame + " frames, " + (m.frame / Math.max(m.seconds, 0.001)).toFixed(1) + "/s, " + m.rowsIn + " events";
          entry.outputs = [{output_type: "display_data", metadata: {}, data: m.html.startsWith("<svg") ? {"image/svg+xml": m.html} : {"text/html": m.html}}];
          if (!pending.size) requestAnimationFrame(paint);
          pending.set(m.cell, m.html); break;
        case "stopped":
          entry.el.classList.remove("running", "live"); break;
        case "error":
          entry.el.classList.remove("running", "live");
          entry.outputs = m.outputs || [];
          entry.output.replaceChildren(el("div", {class: "error"}, m.message)); entry.el.dataset.done = "error"; break;
      }
    }

    function paint() {
      for (const [id, html] of pending) {
        const entry = cells.get(id);
        if (!entry) continue;
        // Swap the chart's contents in place: same element, no blank frame.
        const svg = entry.output.firstElementChild;
        if (svg && svg.tagName.toLowerCase() === "svg" && html.startsWith("<svg")) {
          const fresh = new DOMParser().parseFromString(html, "image/svg+xml").documentElement;
          svg.replaceChildren(...Array.from(fresh.childNodes).map((n) => document.importNode(n, true)));
        } else {
          entry.output.innerHTML = html;
        }
      }
      pending.clear();
    }

    async function save() {
      const list = [];
      for (const el of cellsEl.children) {
        const id = el.dataset.cell, entry = cells.get(id);
        const cell = {id, cell_type: entry.kind, metadata: entry.metadata, source: entry.source.value};
        if (entry.kind === "code") { cell.execution_count = entry.count || null; cell.outputs = entry.outputs; }
        list.push(cell);
      }
      const content = Object.assign({}, notebook, {cells: list});
      const response = await fetch("/api/contents/" + path, {method: "PUT", headers: {"Content-Type": "application/json"},
                                                              body: JSON.stringify({type: "notebook", format: "json", content})});
      statusEl.textContent = response.ok ? "saved" : "save failed: " + await response.text();
    }

    async function load() {
      const response = await fetch("/api/contents/" + path);
      if (!response.ok) { statusEl.textContent = "cannot open " + path + ": " + await response.text(); return; }
      notebook = (await response.json()).content;
      for (const cell of notebook.cells) {
        cell.source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
        addCell(cell);
      }
      socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
      socket.onmessage = onMessage;
      socket.onclose = () => { statusEl.textContent = "disconnected (reload to reconnect)"; };
      socket.onopen = () => {
        statusEl.textContent = "connected";
        document.body.dataset.connected = "true";
        const run = new URLSearchParams(location.search).get("run");
        if (run === "all") runAll(); else if (run) runCell(run);
      };
    }

    document.getElementById("run-all").onclick = runAll;
    document.getElementById("save").onclick = save;
    document.getElementById("add-code").onclick = () => addCell({id: newId(), cell_type: "code", source: "SELECT * FROM chirps LIMIT 10", outputs: []});
    document.getElementById("add-markdown").onclick = () => addCell({id: newId(), cell_type: "markdown", source: "## Notes", outputs: []});
    load();
    """#
}
