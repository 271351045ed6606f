"""The notebook lab's server against real tools: nbformat (Jupyter's own
notebook library) validates what it saves, headless Chromium runs the page's
JavaScript (through the DevTools protocol) and renders the cells' charts, and
eight browser sessions run at once without seeing each other."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import BOX, ROOT, BoxProcess, chromium, get_json, wait_until  # noqa: F401 (chromium is a fixture)

nbformat = pytest.importorskip("nbformat", reason="pip install nbformat (make test does)")
websocket = pytest.importorskip("websocket", reason="pip install websocket-client (make test does)")


class Notebook:
    """`box notebook` on a free port, over a copy of notebooks/ (chirp.ipynb)."""

    def __init__(self, *options):
        self.dir = tempfile.mkdtemp(prefix="notebooks-")
        shutil.copy(os.path.join(ROOT, "notebooks", "chirp.ipynb"), self.dir)
        self.process = BoxProcess("notebook", "--port", "0", "--dir", self.dir, *options)
        self.url = f"http://127.0.0.1:{self.process.match.group(1)}"
        self.ws_url = self.url.replace("http://", "ws://") + "/ws"

    def request(self, method, path, body=None):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture
def notebook():
    assert os.access(BOX, os.X_OK), f"{BOX} is not built: run `swift build --product box` (make test does)"
    started = Notebook()
    yield started
    started.process.kill9()


class Session:
    """One WebSocket session, as a browser tab has."""

    def __init__(self, notebook):
        self.ws = websocket.create_connection(notebook.ws_url, timeout=30)

    def run(self, source, cell="c", kind="code"):
        self.ws.send(json.dumps({"type": "run", "cell": cell, "kind": kind, "source": source}))

    def until(self, cell, types=("output", "error", "markdown")):
        """The next message for `cell` of one of `types`."""
        while True:
            message = json.loads(self.ws.recv())
            if message["cell"] == cell and message["type"] in types:
                return message

    def close(self):
        self.ws.close()


def test_contents_api_serves_and_saves_notebooks_jupyter_reads_back_identically(notebook):
    status, body = notebook.request("GET", "/api/contents/chirp.ipynb")
    assert status == 200, body
    model = json.loads(body)
    assert model["type"] == "notebook" and model["format"] == "json" and model["name"] == "chirp.ipynb"
    nbformat.validate(nbformat.from_dict(model["content"]))

    content = model["content"]
    content["cells"][1]["execution_count"] = 3
    content["cells"][1]["outputs"] = [{"output_type": "display_data", "metadata": {},
                                       "data": {"image/svg+xml": "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>",
                                                "text/plain": "a chart", "application/json": {"rows": [[1, "a"]]}}},
                                      {"output_type": "stream", "name": "stderr", "text": "slow\nstill slow\n"},
                                      {"output_type": "error", "ename": "SQLError", "evalue": "no such table: x", "traceback": ["at line 1"]}]
    status, body = notebook.request("PUT", "/api/contents/saved.ipynb", {"type": "notebook", "content": content})
    assert status == 201, body
    path = os.path.join(notebook.dir, "saved.ipynb")
    with open(path) as f:
        text = f.read()
    read = nbformat.read(path, as_version=4)
    nbformat.validate(read)
    assert nbformat.writes(read) + "\n" == text, "the saved file is byte for byte what Jupyter itself writes"
    status, body = notebook.request("GET", "/api/contents/saved.ipynb")
    assert json.loads(body)["content"] == json.loads(text), "it reopens identically"
    status, _ = notebook.request("PUT", "/api/contents/saved.ipynb", {"type": "notebook", "content": json.loads(text)})
    assert status == 200
    with open(path) as f:
        assert f.read() == text, "saving the reopened notebook again writes the same bytes"
    listing = json.loads(notebook.request("GET", "/api/contents")[1])
    assert [m["name"] for m in listing["content"]] == ["chirp.ipynb", "saved.ipynb"]


def test_bad_requests_get_clear_errors_and_the_server_keeps_serving(notebook):
    status, body = notebook.request("PUT", "/api/contents/bad.ipynb", {"type": "notebook", "content": {"nbformat": 4}})
    assert status == 400 and "nbformat_minor" in body
    status, body = notebook.request("PUT", "/api/contents/bad.ipynb", b"{not json")
    assert status == 400
    assert notebook.request("GET", "/api/contents/../../etc/passwd.ipynb")[0] in (400, 404)
    assert notebook.request("GET", "/api/contents/missing.ipynb")[0] == 404
    assert not os.path.exists(os.path.join(notebook.dir, "bad.ipynb"))
    session = Session(notebook)
    session.run("SELEC hashtag FROM hashtags", cell="broken")
    error = session.until("broken")
    assert error["type"] == "error" and "syntax error" in error["message"], error
    assert error["outputs"][0]["output_type"] == "error"
    session.run("SELECT nope FROM chirps EMIT CHANGES", cell="live-broken")
    assert session.until("live-broken", ("error", "frame"))["type"] == "error"
    session.run("SELECT COUNT(*) AS n FROM chirps", cell="fine")
    output = session.until("fine")
    assert output["type"] == "output" and "<table" in output["html"]
    session.ws.send("not json")
    session.run("-- chart: pie x=a y=b\nSELECT 1", cell="chart")
    assert "bar or line" in session.until("chart")["message"]
    session.close()
    assert notebook.request("GET", "/api/contents/chirp.ipynb")[0] == 200


def test_eight_sessions_at_once_do_not_interfere(notebook):
    sessions = [Session(notebook) for _ in range(8)]
    results = [None] * 8

    def work(index):
        s = sessions[index]
        if index == 3:
            s.run("SELECT * FROM nowhere", cell="q")  # one session's error is its own
        else:
            s.run(f"SELECT {index} AS session, COUNT(*) AS n FROM chirps", cell="q")
        results[index] = s.until("q")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for index, result in enumerate(results):
        assert result is not None, f"session {index} got no answer"
        if index == 3:
            assert result["type"] == "error" and "nowhere" in result["message"]
        else:
            assert result["type"] == "output", result
            assert f'<td class="number">{index}</td>' in result["html"], f"session {index} saw another session's answer"
    # Live cells in two sessions: stopping one leaves the other running.
    for s in sessions[:2]:
        s.run("SELECT COUNT(*) AS events FROM chirps WINDOW TUMBLING (SIZE 1 SECOND) EMIT CHANGES", cell="live")
        assert s.until("live", ("frame", "error"))["type"] == "frame"
    sessions[0].ws.send(json.dumps({"type": "stop", "cell": "live"}))
    sessions[0].until("live", ("stopped",))
    first = sessions[1].until("live", ("frame",))["frame"]
    wait_until(lambda: sessions[1].until("live", ("frame",))["frame"] >= first + 5, timeout=10, what="the other session's live cell to keep going")
    for s in sessions:
        s.close()


def test_chromium_runs_the_demo_notebook_and_renders_its_charts(notebook, chromium):
    tab = chromium.open(f"{notebook.url}/notebooks/chirp.ipynb?run=all")
    chart = "document.querySelector('#cell-top-hashtags .output svg.chart')"
    wait_until(lambda: tab.eval(f"!!{chart}"), timeout=30, what="the batch cell's bar chart in the page")
    assert tab.eval(f"{chart}.querySelectorAll('rect.bar').length") == 10
    assert "Most used hashtags" in tab.eval(f"{chart}.outerHTML")
    wait_until(lambda: tab.eval("document.querySelectorAll('#cells table.result').length") >= 1, timeout=30, what="the batch table")
    # The live cells: their charts are updated in place, at least 5 frames a second.
    frames = "Number(document.querySelector('#cell-rate').dataset.frames || 0)"
    wait_until(lambda: tab.eval(frames) >= 3, timeout=30, what="the live events/s cell's first frames")
    live_chart = tab.eval("(() => { window.liveChart = document.querySelector('#cell-rate svg.chart'); return !!window.liveChart })()")
    assert live_chart
    start, started = tab.eval(frames), time.time()
    time.sleep(2)
    rate = (tab.eval(frames) - start) / (time.time() - started)
    assert rate >= 5, f"the live chart got {rate:.1f} frames a second, fewer than 5"
    assert tab.eval("window.liveChart === document.querySelector('#cell-rate svg.chart')"), \
        "a frame must update the chart in place (same element: no flicker), not replace it"
    assert tab.eval("document.querySelector('#cell-rate polyline.line') !== null")
    assert tab.eval("document.querySelector('#cell-trending svg.chart rect.bar') !== null")
    assert "<h1>Chirp, live</h1>" in tab.eval("document.querySelector('#cell-intro .output').innerHTML")
    dom = tab.eval("document.documentElement.outerHTML")
    assert dom.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart') >= 3


def test_a_saved_output_is_shown_without_running_what_it_hides(notebook, chromium):
    """A notebook file can come from anyone: its saved outputs must not run code in the reader's browser."""
    cell = {"cell_type": "code", "id": "planted", "metadata": {}, "execution_count": 1, "source": "SELECT 1",
            "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"text/html": (
                '<p id="kept">the table</p><img src="x" onerror="window.pwned = 1">'
                '<svg/onload="window.pwned = 2"></svg><script>window.pwned = 3</script>'
                '<a id="link" href=" jav&#x61;script:window.pwned = 4">a link</a>'), "text/plain": "x"}}]}
    content = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    status, body = notebook.request("PUT", "/api/contents/planted.ipynb", {"type": "notebook", "content": content})
    assert status == 201, body
    tab = chromium.open(f"{notebook.url}/notebooks/planted.ipynb")
    wait_until(lambda: tab.eval("!!document.querySelector('#kept')"), timeout=30, what="the saved output to be shown")
    wait_until(lambda: tab.eval("Array.from(document.querySelectorAll('#cell-planted img')).every(i => i.complete)"),
               timeout=10, what="the planted image to fail to load (when its onerror would run)")
    tab.eval("document.querySelector('#link').click()")
    time.sleep(0.3)  # a javascript: link runs after the click returns; nothing to await when it (rightly) does not
    assert tab.eval("window.pwned === undefined"), f"a saved output ran code: window.pwned = {tab.eval('window.pwned')}"
    assert tab.eval("document.querySelector('#cell-planted script') === null")


def test_eight_browser_tabs_each_run_the_notebook(notebook, chromium):
    tabs = [chromium.open(f"{notebook.url}/notebooks/chirp.ipynb?run=top-hashtags") for _ in range(8)]
    for index, tab in enumerate(tabs):
        wait_until(lambda: tab.eval("!!document.querySelector('#cell-top-hashtags svg.chart')"), timeout=60,
                   what=f"tab {index + 1} of 8 to show its chart")
    assert get_json(f"{notebook.url}/api/status")["sessions"] == 8


def test_starter_track_names_the_step_to_write():
    started = Notebook("--track", "starter")
    try:
        status, body = started.request("GET", "/api/contents/chirp.ipynb")
        assert status == 501 and "step 1" in body
        session = Session(started)
        session.run("# Hello", cell="m", kind="markdown")
        assert "not implemented yet: step 5" in session.until("m", ("error", "markdown"))["message"]
        session.close()
    finally:
        started.process.kill9()


def test_batch_cells_read_store_tables(store):
    from cassandra.cluster import Cluster
    cluster = Cluster(["127.0.0.1"], port=store.port, protocol_version=4)
    db = cluster.connect()
    db.execute("CREATE KEYSPACE chirp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
    db.execute("CREATE TABLE chirp.posts (user bigint, ts bigint, text text, likes int, PRIMARY KEY (user, ts))")
    for user, ts, text, likes in [(1, 10, "hello #swift", 3), (1, 20, "again", 5), (2, 15, "hi", None)]:
        db.execute("INSERT INTO chirp.posts (user, ts, text, likes) VALUES (%s, %s, %s, %s)", (user, ts, text, likes))
    cluster.shutdown()
    started = Notebook("--cassandra", f"127.0.0.1:{store.port}")
    try:
        session = Session(started)
        session.run("SELECT user, COUNT(*) AS posts, SUM(likes) AS likes FROM chirp.posts GROUP BY user ORDER BY user", cell="s")
        output = session.until("s")
        assert output["type"] == "output", output
        rows = output["outputs"][0]["data"]["application/json"]["rows"]
        assert rows == [[1, 2, 8], [2, 1, None]], "the store's rows, NULL included, summed in SQLite"
        session.run("SELECT * FROM chirp.missing", cell="m")
        assert "missing" in session.until("m")["message"]
        session.close()
    finally:
        started.process.kill9()


def test_the_demo_notebooks_batch_cells_give_box_batchs_answers(broker, store):
    """The batch jobs as notebook cells (SQL in SQLite over the store and the
    log) rank exactly as `box batch` does over the same events."""
    load = subprocess.run(f"'{BOX}' load --dry-run --events 4000 --seed 7 | kcat -b {broker.address} -P -t chirps",
                          shell=True, capture_output=True, text=True, timeout=60)
    assert load.returncode == 0, load.stderr
    persist = subprocess.run([BOX, "stream", "--job", "persist", "--kafka", broker.address, "--cql", f"127.0.0.1:{store.port}",
                              "--stop-when-idle", "2"], capture_output=True, text=True, timeout=120)
    assert persist.returncode == 0 and "4000 rows written" in persist.stderr, persist.stderr

    def batch(job):
        run = subprocess.run([BOX, "batch", job, "--cql", f"127.0.0.1:{store.port}", "--top", "5"],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        return [(key, int(count)) for _, key, count in (line.split("\t") for line in run.stdout.splitlines())]

    cells = {c["id"]: "".join(c["source"]) for c in json.load(open(os.path.join(ROOT, "notebooks", "chirp.ipynb")))["cells"]}
    started = Notebook("--kafka", broker.address, "--cassandra", f"127.0.0.1:{store.port}")
    try:
        session = Session(started)

        def rows(cell):
            session.run(cells[cell], cell=cell)
            output = session.until(cell)
            assert output["type"] == "output", output
            return output["outputs"][0]["data"]["application/json"]["rows"][:5]

        expected = batch("most-liked")
        assert len(expected) == 5
        assert [(str(author), likes) for author, likes in rows("most-liked")] == expected
        assert [(pair, n) for pair, n in rows("hashtag-pairs")] == batch("hashtag-pairs")
        assert [(f"{user} {suggestion}", via) for user, suggestion, via in rows("friends-of-friends")] == batch("friends-of-friends")
        session.close()
    finally:
        started.process.kill9()
