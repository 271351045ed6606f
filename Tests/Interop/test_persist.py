"""`box stream --job persist`: the chirps topic into a store table, exactly
once, across a kill -9 of the job (a building block of the capstone's audit)."""
import os
import signal
import subprocess
import time

from conftest import BOX, wait_until


def produce(broker, lines):
    subprocess.run(["kcat", "-P", "-b", broker.address, "-t", "chirps"], input="\n".join(lines) + "\n", text=True, check=True, timeout=60)


def events(n, seed):
    out = subprocess.run([BOX, "load", "--dry-run", "--events", str(n), "--seed", str(seed)], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def count_rows(store):
    from cassandra.cluster import Cluster
    cluster = Cluster(["127.0.0.1"], port=store.port, protocol_version=4)
    try:
        return cluster.connect().execute("SELECT COUNT(*) FROM chirp.events").one()[0]
    finally:
        cluster.shutdown()


def persist(broker, store, *options):
    return subprocess.Popen([BOX, "stream", "--job", "persist", "--kafka", broker.address, "--cql", f"127.0.0.1:{store.port}", *options],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def test_every_event_is_one_row_across_a_killed_job(broker, store):
    first, again = events(20_000, 1), events(3_000, 1)  # the second batch repeats ids: a replayed producer
    produce(broker, first + ["not json"] + again)
    job = persist(broker, store)
    # Polls are ~2,000 records, each committed once stored: by 5,000 rows, some offsets are committed.
    wait_until(lambda: count_rows(store) >= 5_000 if _table_exists(store) else False, timeout=60, what="the job to write rows")
    job.send_signal(signal.SIGKILL)
    job.wait(10)
    finished = persist(broker, store, "--stop-when-idle", "1")
    _, summary = finished.communicate(timeout=120)
    assert finished.returncode == 0, summary
    assert count_rows(store) == 20_000, "each distinct event exactly once, whatever was replayed"
    read = int(summary.split("persist: ")[1].split(" records")[0])
    assert read < 23_001, f"the restarted job resumed from the committed offsets (it read {read} of 23001 records)"


def _table_exists(store):
    try:
        count_rows(store)
        return True
    except Exception:
        return False
