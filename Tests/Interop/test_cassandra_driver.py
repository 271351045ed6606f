"""The DataStax Python driver (cassandra-driver), default settings, against `box store`."""
import glob
import os
import socket
import struct
import threading
import uuid

import pytest
from cassandra import InvalidRequest
from cassandra.cluster import Cluster
from cassandra.protocol import SyntaxException
from cassandra.query import BatchStatement
from conftest import Store

ROWS = 10_000
USERS = 20


def connect(store):
    cluster = Cluster(["127.0.0.1"], port=store.port)
    return cluster, cluster.connect()


def create_schema(session):
    session.execute("CREATE KEYSPACE chirp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
    session.execute("""
        CREATE TABLE chirp.timeline (
            user text, at bigint, body text, likes int, tags set<text>,
            PRIMARY KEY (user, at)
        ) WITH CLUSTERING ORDER BY (at DESC)""")
    session.set_keyspace("chirp")


def body(user, at):
    return f"chirp {at} by {user}"


def test_connect_create_insert_select_delete_restart(store):
    cluster, session = connect(store)
    create_schema(session)
    # A third each: simple statements, prepared statements, unlogged batches.
    simple = ROWS // 3
    for i in range(simple):
        session.execute("INSERT INTO timeline (user, at, body, likes) VALUES (%s, %s, %s, %s)",
                        (f"u{i % USERS}", i, body(f"u{i % USERS}", i), i % 7))
    prepared = session.prepare("INSERT INTO timeline (user, at, body, likes, tags) VALUES (?, ?, ?, ?, ?)")
    futures = [session.execute_async(prepared, (f"u{i % USERS}", i, body(f"u{i % USERS}", i), i % 7, {"t", f"n{i % 3}"}))
               for i in range(simple, 2 * simple)]
    for future in futures:
        future.result()
    for start in range(2 * simple, ROWS, 100):
        batch = BatchStatement()
        for i in range(start, min(start + 100, ROWS)):
            batch.add(prepared, (f"u{i % USERS}", i, body(f"u{i % USERS}", i), i % 7, None))
        session.execute(batch)

    count = session.execute("SELECT COUNT(*) FROM timeline").one()[0]
    assert count == ROWS, f"COUNT(*) says {count} rows after inserting {ROWS}"

    # One partition, newest first (CLUSTERING ORDER BY at DESC), every row back with the right values.
    rows = list(session.execute("SELECT user, at, body, likes FROM timeline WHERE user = %s", ("u3",)))
    expected = sorted((i for i in range(ROWS) if i % USERS == 3), reverse=True)
    assert [r.at for r in rows] == expected
    assert all(r.body == body("u3", r.at) and r.likes == r.at % 7 for r in rows)

    # A clustering range, and ORDER BY the other way.
    ranged = [r.at for r in session.execute(
        "SELECT at FROM timeline WHERE user = 'u3' AND at >= 1000 AND at < 2000 ORDER BY at ASC")]
    assert ranged == [i for i in range(1000, 2000) if i % USERS == 3]
    tagged = simple + 1
    tags = session.execute("SELECT tags FROM timeline WHERE user = %s AND at = %s", (f"u{tagged % USERS}", tagged)).one().tags
    assert set(tags) == {"t", f"n{tagged % 3}"}

    # Deletes: one row, a clustering range, a whole partition.
    session.execute("DELETE FROM timeline WHERE user = 'u3' AND at = 3")
    session.execute("DELETE FROM timeline WHERE user = 'u3' AND at >= 1000 AND at < 2000")
    session.execute("DELETE FROM timeline WHERE user = 'u4'")
    survivors = [r.at for r in session.execute("SELECT at FROM timeline WHERE user = 'u3'")]
    assert survivors == [i for i in expected if i != 3 and not 1000 <= i < 2000]
    assert list(session.execute("SELECT * FROM timeline WHERE user = 'u4'")) == []
    cluster.shutdown()

    restarted = store.restart()
    cluster, session = connect(restarted)
    session.set_keyspace("chirp")
    assert [r.at for r in session.execute("SELECT at FROM timeline WHERE user = 'u3'")] == survivors
    assert list(session.execute("SELECT * FROM timeline WHERE user = 'u4'")) == []
    again = session.execute("SELECT body, likes FROM timeline WHERE user = 'u5' AND at = 5").one()
    assert (again.body, again.likes) == (body("u5", 5), 5)
    cluster.shutdown()
    restarted.kill9()


def test_paging_returns_every_row_once(store):
    cluster, session = connect(store)
    create_schema(session)
    prepared = session.prepare("INSERT INTO timeline (user, at, body) VALUES (?, ?, ?)")
    for i in range(2_500):
        session.execute(prepared, ("pager", i, "x"))
    session.default_fetch_size = 100
    seen = [r.at for r in session.execute("SELECT at FROM timeline WHERE user = 'pager'")]
    assert seen == list(range(2_499, -1, -1))
    cluster.shutdown()


def test_bad_cql_gets_an_error_and_the_connection_stays_usable(store):
    cluster, session = connect(store)
    create_schema(session)
    with pytest.raises(SyntaxException):
        session.execute("SELEC * FROM timeline")
    with pytest.raises(InvalidRequest):
        session.execute("SELECT * FROM no_such_table")
    with pytest.raises(InvalidRequest):
        session.execute("INSERT INTO timeline (user, at, likes) VALUES ('u', 1, 'not a number')")
    with pytest.raises(InvalidRequest):
        session.execute("INSERT INTO timeline (user, body) VALUES ('u', 'no clustering key')")
    session.execute("INSERT INTO timeline (user, at, body) VALUES ('ok', 1, 'still serving')")
    assert session.execute("SELECT body FROM timeline WHERE user = 'ok'").one().body == "still serving"
    cluster.shutdown()


def test_malformed_frame_closes_only_that_connection(store):
    cluster, session = connect(store)
    create_schema(session)
    bad = socket.create_connection(("127.0.0.1", store.port), timeout=10)
    # A v4 request header claiming a 2 GiB body, then garbage.
    bad.sendall(struct.pack(">BBhBi", 0x04, 0, 1, 0x07, 0x7FFFFFFF) + b"\xff" * 64)
    bad.settimeout(10)
    received = b""
    while True:
        chunk = bad.recv(65536)
        if not chunk:
            break
        received += chunk
    bad.close()
    # The driver's connections still work.
    session.execute("INSERT INTO timeline (user, at, body) VALUES ('after', 1, 'fine')")
    assert session.execute("SELECT body FROM timeline WHERE user = 'after'").one().body == "fine"
    cluster.shutdown()


@pytest.mark.parametrize("memtable_mib", [None, 0.05], ids=["default-memtable", "flushing-every-50-KiB"])
def test_kill9_during_writes_keeps_every_acknowledged_row(memtable_mib):
    """With 50 KiB memtables the kill lands while memtables are being written out in the background."""
    store = Store(memtable_mib=memtable_mib)
    try:
        kill9_during_writes(store)
    finally:
        store.stop_all()


def kill9_during_writes(store):
    cluster, session = connect(store)
    create_schema(session)
    prepared = session.prepare("INSERT INTO timeline (user, at, body) VALUES (?, ?, ?)")
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def write(worker):
        i = 0
        while not stop.is_set() and i < 100_000:
            try:
                session.execute(prepared, (f"w{worker}", i, body(f"w{worker}", i)))
            except Exception:
                return
            with lock:
                acknowledged.append((f"w{worker}", i))
            i += 1

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    # Wait (bounded) for a few thousand acknowledged writes, then kill -9 mid-stream.
    for _ in range(600):
        with lock:
            if len(acknowledged) >= 3_000:
                break
        stop.wait(0.05)
    store.kill9()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    cluster.shutdown()
    with lock:
        acked = list(acknowledged)
    assert len(acked) >= 1_000, f"only {len(acked)} writes were acknowledged before the kill"
    if store.memtable_mib:
        sstables = glob.glob(os.path.join(store.data, "**", "*-Data.db"), recursive=True)
        assert sstables, "with 50 KiB memtables some should have been flushed to SSTables before the kill"

    restarted = store.restart() if store.process.poll() is None else type(store)(store.data, 0, store.memtable_mib)
    cluster, session = connect(restarted)
    session.set_keyspace("chirp")
    for worker in range(4):
        present = {r.at for r in session.execute("SELECT at FROM timeline WHERE user = %s", (f"w{worker}",))}
        missing = [i for (w, i) in acked if w == f"w{worker}" and i not in present]
        assert not missing, f"{len(missing)} acknowledged rows of w{worker} lost after kill -9, e.g. {missing[:5]}"
    cluster.shutdown()
    restarted.kill9()
