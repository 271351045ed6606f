"""Starts `box broker` and `box store` for the Python client interop tests
(confluent-kafka, kafka-python, the DataStax Cassandra driver, cqlsh)."""
import os
import re
import signal
import subprocess
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOX = os.environ.get("BOX", os.path.join(ROOT, ".build", "debug", "box"))


class Broker:
    """A `box broker` process on a free port of 127.0.0.1."""

    def __init__(self, data=None, partitions=1, port=0):
        self.data = data or tempfile.mkdtemp(prefix="broker-")
        self.partitions = partitions
        self.process = subprocess.Popen(
            [BOX, "broker", "--port", str(port), "--data", self.data, "--partitions", str(partitions)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"127\.0\.0\.1:(\d+)", line)
        assert match, f"box broker did not say where it listens: {line!r}"
        self.port = int(match.group(1))
        self.address = f"127.0.0.1:{self.port}"

    def kill9(self):
        """SIGKILL: no chance to flush or close anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def restart(self):
        """Kill -9, then a new broker on the same data and the same port (clients reconnect)."""
        self.kill9()
        return Broker(self.data, self.partitions, self.port)


@pytest.fixture
def broker():
    assert os.access(BOX, os.X_OK), f"{BOX} is not built: run `swift build --product box` (make test does)"
    started = Broker()
    yield started
    if started.process.poll() is None:
        started.kill9()


@pytest.fixture
def make_broker():
    made = []

    def make(**options):
        b = Broker(**options)
        made.append(b)
        return b

    yield make
    for b in made:
        if b.process.poll() is None:
            b.kill9()


class Store:
    """A `box store` process (the Cassandra-compatible store) on a free port of 127.0.0.1."""

    def __init__(self, data=None):
        self.data = data or tempfile.mkdtemp(prefix="store-")
        self.process = subprocess.Popen(
            [BOX, "store", "--port", "0", "--data", self.data],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"127\.0\.0\.1:(\d+)", line)
        assert match, f"box store did not say where it listens: {line!r}"
        self.port = int(match.group(1))

    def kill9(self):
        """SIGKILL: no chance to flush or close anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def restart(self):
        self.kill9()
        return Store(self.data)


@pytest.fixture
def store():
    assert os.access(BOX, os.X_OK), f"{BOX} is not built: run `swift build --product box` (make test does)"
    started = Store()
    yield started
    if started.process.poll() is None:
        started.kill9()


class Api:
    """A `box api` process (the ingest API) on a free port of 127.0.0.1."""

    def __init__(self, *options, env=None):
        self.process = subprocess.Popen([BOX, "api", "--port", "0", *options],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                        env={**os.environ, **(env or {})})
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, f"box api did not say where it listens: {line!r}"
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def make_api():
    made = []

    def make(*options, env=None):
        assert os.access(BOX, os.X_OK), f"{BOX} is not built: run `swift build --product box` (make test does)"
        api = Api(*options, env=env)
        made.append(api)
        return api

    yield make
    for api in made:
        api.stop()


def wait_until(condition, timeout=30.0, what="condition"):
    """Polls `condition` until it holds or `timeout` passes (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
