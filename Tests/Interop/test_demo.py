"""The capstone end to end, small: `box demo` brings the startup up on the
scheduler, sends load through the API, and the audit balances; nothing it
started is left running."""
import os
import subprocess
import tempfile

from conftest import BOX


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


def test_demo_runs_the_startup_on_the_scheduler_and_the_audit_balances():
    directory = os.path.join(tempfile.mkdtemp(prefix="demo-"), "demo")
    run = subprocess.run([BOX, "demo", "--rate", "200", "--duration", "5", "--dir", directory],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    out = run.stdout
    for line in ["marathon: submitting /chirp/broker, /chirp/store, /chirp/api, /chirp/trending, /chirp/spam, /chirp/persist, /chirp/notebook",
                 "notebook http://127.0.0.1:", "status: tasks 8/8 running", "accepted by the API  1000",
                 "records in the log    1000 (1000 distinct ids)", "counted by streaming  1000", "rows in the store     1000",
                 "audit: BALANCED"]:
        assert line in out, f"{line!r} missing from the demo's output:\n{out}"
    assert processes_under(directory) == [], "the demo must stop every process it started"
