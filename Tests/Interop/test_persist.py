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
    wait_until(lambda: committed(broker) > 0, timeout=60, what="the job to commit its first offsets (after storing their rows)")
    job.send_signal(signal.SIGKILL)
    job.wait(10)
    finished = persist(broker, store, "--stop-when-idle", "1")
    _, summary = finished.communicate(timeout=120)
    assert finished.returncode == 0, summary
    assert count_rows(store) == 20_000, "each distinct event exactly once, whatever was replayed"
    read = int(summary.split("persist: ")[1].split(" records")[0])
    assert read < 23_001, f"the restarted job resumed from the committed offsets (it read {read} of 23001 records)"


def test_the_job_rides_out_a_store_restart(broker, store):
    produce(broker, events(60_000, 5))
    job = persist(broker, store, "--stop-when-idle", "2")
    wait_until(lambda: committed(broker) > 0, timeout=60, what="the job to store its first rows")
    restarted = store.restart(same_port=True)  # kill -9 mid-stream; back on the same port and data
    _, errors = job.communicate(timeout=180)
    assert job.returncode == 0, errors
    assert "is unreachable" in errors and "trying again" in errors, "the job noticed the store was gone and retried"
    assert count_rows(restarted) == 60_000, "every event one row, none lost to the restart"


def committed(broker):
    """The persist group's committed offset on chirps (kafka-python asks the coordinator)."""
    from kafka import KafkaConsumer, TopicPartition
    consumer = KafkaConsumer(bootstrap_servers=broker.address, group_id="persist", enable_auto_commit=False)
    try:
        return consumer.committed(TopicPartition("chirps", 0)) or 0
    finally:
        consumer.close()


def run_box(*args):
    out = subprocess.run([BOX, *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_batch_jobs_over_the_store_match_the_streaming_labs_batch_jobs(broker, store, tmp_path):
    lines = events(8_000, 3)
    base = 900_000  # users the generator never makes
    follows = [f'{{"id":"f{a}-{b}","type":"follow","user":{base + a},"ts":1700000000000,"followee":{base + b}}}'
               for a, b in [(1, 2), (1, 3), (2, 4), (3, 4), (3, 5), (4, 1), (2, 1)]]
    produce(broker, lines + follows)
    finished = persist(broker, store, "--stop-when-idle", "1")
    _, summary = finished.communicate(timeout=120)
    assert finished.returncode == 0, summary
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n")
    for job in ["most-liked", "hashtag-pairs"]:
        from_store = run_box("batch", job, "--cql", f"127.0.0.1:{store.port}", "--top", "7")
        from_file = run_box("stream", "--job", job, "--input", str(path), "--top", "7")
        assert from_store == from_file and len(from_store.splitlines()) == 7, job
    suggestions = [line.split("\t")[1:] for line in run_box("batch", "friends-of-friends", "--cql", f"127.0.0.1:{store.port}", "--top", "100000").splitlines()]
    small = {tuple(str(int(u) - base) for u in key.split()): int(count) for key, count in suggestions
             if all(int(u) > base for u in key.split())}
    assert small.get(("1", "4")) == 2, "1 follows 2 and 3, both follow 4: suggest 4 to 1, via 2"
    assert small.get(("1", "5")) == 1 and ("1", "2") not in small and ("2", "2") not in small
