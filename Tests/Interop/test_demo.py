"""The capstone end to end, small: `box demo` brings the startup up on the
scheduler stage by stage, sends load through the API, and the audit
balances, also while chaos kills a random task every few seconds; the guided
walk pauses after each stage; nothing it started is left running."""
import os
import re
import signal
import subprocess
import tempfile
import threading

from conftest import BOX, ROOT


def processes_under(path):
    """Pids whose command line or environment mentions `path`."""
    found = []
    needle = path.encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read()
            with open(f"/proc/{pid}/environ", "rb") as f:
                environ = f.read()
        except OSError:
            continue
        if needle in cmdline or needle in environ:
            found.append(int(pid))
    return found


def demo(*options, stdin=subprocess.DEVNULL):
    directory = os.path.join(tempfile.mkdtemp(prefix="demo-"), "demo")
    run = subprocess.run([BOX, "demo", "--dir", directory, *options], stdin=stdin,
                         capture_output=True, text=True, timeout=400)
    assert processes_under(directory) == [], "the demo must stop every process it started"
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-3000:]
    return run.stdout


def expect(lines, out):
    for line in lines:
        assert line in out, f"{line!r} missing from the demo's output:\n{out}"


def test_demo_runs_the_startup_on_the_scheduler_and_the_audit_balances():
    out = demo("--rate", "200", "--duration", "5")
    expect(["marathon: submitting /chirp/broker", "marathon: submitting /chirp/trending, /chirp/spam, /chirp/persist, /chirp/notifications",
            "stage 6/8, the notebook: http://127.0.0.1:", "status: tasks 9/9 running",
            "accepted by the API  1001", "records in the log    1001 (1001 distinct ids)",
            "counted by streaming  1001 (1001 distinct ids)", "rows in the store     1001",
            "audit: BALANCED"], out)
    assert "extra records" not in out, "with nothing killed, no event may be in the log twice"
    assert re.search(r"load: 1000 events accepted in [0-9.]+ s: \d+ events/s", out)
    assert re.search(r"latency: event → notebook chart p50 \d+ ms, p99 \d+ ms \(\d+ of \d+ probes shown\)", out), \
        "the demo measures how long an event takes to show in a notebook chart"
    assert re.search(r"status: tasks 9/9 running · accepted \d+ \(\+\d+/s, p99 \d+ ms\)(?: · 429s \d+)? · log end \d+ \(\+\d+/s\) · persist lag \d+(?: · trending .+)?$", out, re.M), \
        "the status line shows the tasks, the API's rate and p99, the log and the persist job's lag (the store's backlog)"


def test_chaos_kills_tasks_the_scheduler_relaunches_them_and_the_audit_still_balances():
    out = demo("--rate", "200", "--duration", "20", "--chaos", "--chaos-every", "2.5", "--seed", "7")
    kills = re.findall(r"chaos: kill -9 (/chirp/\w+) \(task \S+, pid \d+\)", out)
    assert len(kills) >= 5, f"chaos killed {len(kills)} tasks in 20 s:\n{out}"
    expect(["chaos: waiting for every task to run again", "audit: BALANCED"], out)
    accepted, throttled = map(int, re.search(r"load done: (\d+) accepted, (\d+) refused with 429", out).groups())
    assert accepted + throttled == 4001 and "0 refused otherwise" in out, \
        f"every event is retried until accepted, or refused with 429 (the spam job's verdicts): {accepted} + {throttled} of 4001"


def test_the_guided_walk_names_each_stage_and_what_to_look_at():
    out = demo("--rate", "100", "--duration", "3", "--guided", "--chaos-every", "1.5", stdin=subprocess.PIPE)
    stages = re.findall(r"stage (\d)/8, ([^:]+):", out)
    assert [int(n) for n, _ in stages] == list(range(1, 9)), out
    assert [name for _, name in stages] == ["the scheduler", "the broker", "the store", "the API", "the streaming jobs",
                                            "the notebook", "load", "chaos"]
    expect(["look: kcat -b 127.0.0.1:", "look: cqlsh 127.0.0.1 ", "press Enter for stage 2, the broker",
            "POST /v1/events → 202", "chaos: kill -9 /chirp/", "audit: BALANCED"], out)


def test_external_engines_librdkafkas_mock_cluster_and_a_separate_store_replace_the_in_box_ones(store):
    """--kafka and --cassandra: the capstone on another Kafka implementation
    (librdkafka's mock cluster, 4 partitions a topic) and a store it did not
    start, with no code change."""
    mock = subprocess.Popen(["python3", os.path.join(ROOT, "Tests", "KafkaClientTests", "Fixtures", "mock_cluster.py")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        address = mock.stdout.readline().strip()
        assert re.fullmatch(r"127\.0\.0\.1:\d+", address), f"the mock cluster did not say where it listens: {address!r}"
        out = demo("--rate", "100", "--duration", "5", "--kafka", address, "--cassandra", f"127.0.0.1:{store.port}")
    finally:
        mock.stdin.close()
        mock.wait(30)
    expect([f"stage 2/8, the broker: the external Kafka at {address} (--kafka)",
            f"stage 3/8, the store: the external Cassandra at 127.0.0.1:{store.port} (--cassandra)", "status: tasks 7/7 running",
            "accepted by the API  501", "records in the log    501 (501 distinct ids)", "rows in the store     501",
            "audit: BALANCED"], out)
    assert "marathon: submitting /chirp/broker" not in out and "marathon: submitting /chirp/store" not in out, \
        "with --kafka and --cassandra the demo starts no broker or store of its own"


def test_ctrl_c_stops_everything_the_demo_started():
    directory = os.path.join(tempfile.mkdtemp(prefix="demo-"), "demo")
    run = subprocess.Popen([BOX, "demo", "--dir", directory, "--rate", "100", "--duration", "600"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    watchdog = threading.Timer(180, run.kill)  # bounded: a demo that never gets going is killed
    watchdog.start()
    try:
        for line in run.stdout:
            if line.startswith("[demo] status: "):
                break
        assert len(processes_under(directory)) >= 10, "the master, the agent and the tasks are running"
        run.send_signal(signal.SIGINT)
        run.wait(60)
    finally:
        watchdog.cancel()
        if run.poll() is None:
            run.kill()
    assert processes_under(directory) == [], "Ctrl-C must stop every process the demo started"
