"""Starts `box broker` and `box store` for the Python client interop tests
(confluent-kafka, kafka-python, the DataStax Cassandra driver, cqlsh)."""
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOX = os.environ.get("BOX", os.path.join(ROOT, ".build", "debug", "box"))


class Broker:
    """A `box broker` process on a free port of 127.0.0.1."""

    def __init__(self, data=None, partitions=1, port=0, segment_bytes=None):
        self.data = data or tempfile.mkdtemp(prefix="broker-")
        self.partitions = partitions
        self.segment_bytes = segment_bytes
        self.process = subprocess.Popen(
            [BOX, "broker", "--port", str(port), "--data", self.data, "--partitions", str(partitions)]
            + (["--segment-bytes", str(segment_bytes)] if segment_bytes else []),
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
        self.successor = Broker(self.data, self.partitions, self.port, self.segment_bytes)
        return self.successor

    def stop_all(self):
        """Kills this broker and every broker restarted from it."""
        broker = self
        while broker is not None:
            if broker.process.poll() is None:
                broker.kill9()
            broker = getattr(broker, "successor", None)


@pytest.fixture
def broker():
    assert os.access(BOX, os.X_OK), f"{BOX} is not built: run `swift build --product box` (make test does)"
    started = Broker()
    yield started
    started.stop_all()


@pytest.fixture
def make_broker():
    made = []

    def make(**options):
        b = Broker(**options)
        made.append(b)
        return b

    yield make
    for b in made:
        b.stop_all()


class Store:
    """A `box store` process (the Cassandra-compatible store) on a free port of 127.0.0.1."""

    def __init__(self, data=None, port=0, memtable_mib=None):
        self.data = data or tempfile.mkdtemp(prefix="store-")
        self.memtable_mib = memtable_mib
        extra = ["--memtable-mib", str(memtable_mib)] if memtable_mib else []
        self.process = subprocess.Popen(
            [BOX, "store", "--port", str(port), "--data", self.data, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"127\.0\.0\.1:(\d+)", line)
        assert match, f"box store did not say where it listens: {line!r}"
        self.port = int(match.group(1))

    def kill9(self):
        """SIGKILL: no chance to flush or close anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def restart(self, same_port=False):
        """Kill -9, then a new store on the same data (and, if asked, the same port: clients reconnect)."""
        self.kill9()
        self.successor = Store(self.data, self.port if same_port else 0, self.memtable_mib)
        return self.successor

    def stop_all(self):
        """Kills this store and every store restarted from it."""
        store = self
        while store is not None:
            if store.process.poll() is None:
                store.kill9()
            store = getattr(store, "successor", None)


@pytest.fixture
def store():
    assert os.access(BOX, os.X_OK), f"{BOX} is not built: run `swift build --product box` (make test does)"
    started = Store()
    yield started
    started.stop_all()


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


class BoxProcess:
    """A `box` subcommand that prints one line when it is ready (where it
    listens, or that it registered), started in a session of its own."""

    def __init__(self, *args, ready=r"http://127\.0\.0\.1:(\d+)"):
        self.args = args
        self.errors = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([BOX, *args], stdout=subprocess.PIPE, stderr=self.errors, text=True,
                                        start_new_session=True)
        self.line = self.process.stdout.readline()
        match = re.search(ready, self.line)
        if not match:
            self.kill9()
            raise AssertionError(f"box {' '.join(args)} did not say it was ready: {self.line!r}\n{self.stderr()}")
        self.match = match

    def stderr(self):
        """What it wrote to stderr so far."""
        self.errors.seek(0)
        return self.errors.read()

    def kill9(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        """SIGTERM, as Ctrl-C would: the process cleans up and exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)


class MesosCluster:
    """A `box scheduler master` and its agents (and frameworks) on 127.0.0.1,
    with short timers so failures show within seconds."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="mesos-")
        self.data = os.path.join(self.root, "master")
        self.port = 0
        self.master = None
        self.agents = []
        self.others = []

    def start_master(self, *options):
        self.master = BoxProcess("scheduler", "master", "--port", str(self.port), "--data", self.data,
                                 "--agent-heartbeat-ms", "250", "--max-missed-heartbeats", "12",
                                 "--agent-reregister-timeout-ms", "5000", "--status-update-retry-ms", "1000", *options)
        self.port = int(self.master.match.group(1))
        self.address = f"127.0.0.1:{self.port}"
        self.url = f"http://{self.address}"
        return self.master

    def start_agent(self, resources="cpus:2;mem:1024;ports:[31000-31099]", *options):
        work = os.path.join(self.root, f"agent-{len(self.agents) + 1}")
        agent = BoxProcess("scheduler", "agent", "--master", self.address, "--resources", resources, "--work-dir", work,
                           *options, ready=r"registered with \S+ as (\S+),")
        agent.id = agent.match.group(1)
        agent.work = work
        self.agents.append(agent)
        return agent

    def start_marathon(self, apps):
        path = os.path.join(self.root, f"apps-{len(self.others)}.json")
        with open(path, "w") as f:
            json.dump(apps, f)
        marathon = BoxProcess("scheduler", "marathon", "--master", self.address, "--apps", path, "--port", "0")
        marathon.url = f"http://127.0.0.1:{marathon.match.group(1)}"
        self.others.append(marathon)
        return marathon

    def state(self):
        return get_json(f"{self.url}/master/state")

    def task_processes(self, work=None):
        """Pids of the task processes started under `work` (default: any of this cluster's agents)."""
        prefix = f"MESOS_SANDBOX={work or self.root}".encode()
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if any(entry.startswith(prefix) for entry in f.read().split(b"\0")):
                        found.append(int(pid))
            except OSError:
                continue
        return found

    def shutdown(self):
        for process in self.others + self.agents + ([self.master] if self.master else []):
            process.kill9()
        for pid in self.task_processes():  # tasks of agents killed with -9 outlive them, as in Mesos
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def mesos():
    assert os.access(BOX, os.X_OK), f"{BOX} is not built: run `swift build --product box` (make test does)"
    cluster = MesosCluster()
    yield cluster
    cluster.shutdown()


class Chromium:
    """Headless Chromium driven through the DevTools protocol (its own, no extra package)."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="chromium-")
        self.process = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                                         f"--user-data-dir={self.profile}", "about:blank"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.process.stderr.readline()
            match = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if match:
                self.port = int(match.group(1))
                threading.Thread(target=lambda: self.process.stderr.read(), daemon=True).start()
                return
        raise AssertionError("chromium did not start its DevTools endpoint")

    def open(self, url):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?{url}", method="PUT")
        with urllib.request.urlopen(request, timeout=10) as response:
            return Tab(json.loads(response.read())["webSocketDebuggerUrl"])

    def close(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    def __init__(self, url):
        import websocket
        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.next = 0

    def call(self, method, **params):
        """One DevTools command; its result."""
        self.next += 1
        self.ws.send(json.dumps({"id": self.next, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next:
                if "error" in message:
                    raise AssertionError(f"chromium refused {method}: {message['error']}")
                return message["result"]

    def eval(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def key(self, key, code=None, keycode=0):
        """Presses and releases one key, as a person at the keyboard would."""
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code or key,
                      windowsVirtualKeyCode=keycode, nativeVirtualKeyCode=keycode)


@pytest.fixture
def chromium():
    pytest.importorskip("websocket", reason="pip install websocket-client (make test does)")
    if not CHROMIUM:
        pytest.fail("chromium is missing: apt-get install chromium (make test installs it)")
    browser = Chromium()
    yield browser
    browser.close()
