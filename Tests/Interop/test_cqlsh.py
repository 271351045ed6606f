"""cqlsh 6.2 against `box store`: it reads the schema from system_schema and prints rows."""
import os
import shutil
import subprocess
import sys

from cassandra.cluster import Cluster


def cqlsh(store, statement):
    command = shutil.which("cqlsh") or os.path.join(os.path.dirname(sys.executable), "cqlsh")
    return subprocess.run([command, "127.0.0.1", str(store.port), "-e", statement],
                          capture_output=True, text=True, timeout=60)


def test_cqlsh_prints_the_rows_of_a_created_table(store):
    cluster = Cluster(["127.0.0.1"], port=store.port)
    session = cluster.connect()
    session.execute("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
    session.execute("CREATE TABLE shop.items (id int PRIMARY KEY, name text, price double)")
    for i, name in enumerate(["apple", "banana", "cherry"]):
        session.execute("INSERT INTO shop.items (id, name, price) VALUES (%s, %s, %s)", (i, name, 1.5 * i))
    cluster.shutdown()

    done = cqlsh(store, "SELECT id, name, price FROM shop.items")
    assert done.returncode == 0, f"cqlsh failed ({done.returncode}): {done.stderr}"
    for name in ["apple", "banana", "cherry"]:
        assert name in done.stdout, f"cqlsh did not print {name}:\n{done.stdout}"
    assert "(3 rows)" in done.stdout, done.stdout


def test_cqlsh_reports_bad_cql(store):
    done = cqlsh(store, "SELEC nothing")
    assert "SyntaxException" in done.stderr + done.stdout
