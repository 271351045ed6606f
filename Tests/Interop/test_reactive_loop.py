"""The reactive loop end to end, over a real broker: chirps posted to the
API reach the streaming jobs, and what they find comes back through the API.
The notifications job's mentions and trending posts are pushed to the
users' open notification streams; the spam job's verdicts make the API
answer a spammer 429."""
import http.client
import json
import os
import re
import subprocess
import tempfile
import threading
import time

from conftest import BOX, ROOT, wait_until
from test_api import KEY, post, read_event


def handle(user):
    """User `user`'s @handle, as ChirpUser.handle writes it."""
    source = open(os.path.join(ROOT, "Sources", "Contracts", "Chirp", "ChirpUser.swift"), encoding="utf-8").read()
    names = re.findall(r'"([a-z]+)"', source[source.index("static let names"):source.index("]")])
    return f"{names[user % len(names)]}{user}"


class Job:
    """A `box stream` job, killed at the end."""

    def __init__(self, *args):
        self.errors = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([BOX, "stream", *args], stdout=subprocess.DEVNULL, stderr=self.errors)

    def stop(self):
        self.process.kill()
        self.process.wait(10)


class Stream:
    """A user's notification stream (server-sent events), read on a thread."""

    def __init__(self, port, user):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", f"/v1/users/{user}/notifications", headers={"x-api-key": KEY})
        response = self.connection.getresponse()
        assert response.status == 200
        self.events = []
        threading.Thread(target=self.read, args=(response,), daemon=True).start()

    def read(self, response):
        try:
            while True:
                self.events.append(read_event(response))
        except Exception:
            pass

    def kinds(self, kind):
        return [data for name, data in self.events if name == kind]


def test_mentions_trending_posts_and_spam_verdicts_come_back_through_the_api(make_broker, make_api):
    broker = make_broker()
    api = make_api("--api-keys", KEY, "--kafka", broker.address, "--rate", "1000", "--burst", "1000")
    jobs = [Job("--job", "notifications", "--kafka", broker.address, "--trending-likes", "3"),
            Job("--job", "spam", "--kafka", broker.address, "--window", "2s", "--watermark", "0", "--threshold", "10",
                "--checkpoint", os.path.join(tempfile.mkdtemp(prefix="spam-"), "checkpoints"))]
    try:
        author, mentioned = Stream(api.port, 7), Stream(api.port, 42)
        connection = http.client.HTTPConnection("127.0.0.1", api.port, timeout=30)

        def chirp(user, text, id=None):
            body = {"type": "post", "user": user, "text": text} | ({"id": id} if id else {})
            return post(connection, "/v1/events", json.dumps(body))[0]

        # The API follows the notifications topic from its end: mention until one arrives.
        deadline, n = time.monotonic() + 30, 0
        while not mentioned.kinds("mention") and time.monotonic() < deadline:
            n += 1
            assert chirp(7, f"shipping #swift with @{handle(42)} ({n})") == 202
            time.sleep(0.2)
        assert mentioned.kinds("mention"), "no mention reached user 42's stream within 30 s"
        first = mentioned.kinds("mention")[0]
        assert first["user"] == 42 and first["text"].startswith(f"@{handle(7)} mentioned you: shipping #swift"), first
        assert not author.kinds("mention"), "the author is not told of their own chirp"

        # Three likes make a post trending: its author hears it, once.
        assert chirp(7, "a chirp people will like", id="liked-1") == 202
        for user in (100, 101, 102, 103):
            assert post(connection, "/v1/events", json.dumps({"type": "like", "user": user, "post": "liked-1"}))[0] == 202
        wait_until(lambda: author.kinds("trending"), timeout=20, what="user 7's trending notification")
        assert author.kinds("trending")[0]["text"] == "your chirp liked-1 is trending: 3 likes"

        # A spammer: more than 10 posts in a 2 s window; the verdict comes back and the API throttles them.
        statuses = []
        deadline = time.monotonic() + 30
        while 429 not in statuses and time.monotonic() < deadline:
            statuses.append(chirp(666, "buy followers now"))
            time.sleep(0.02)
        assert 429 in statuses, f"user 666 posted {len(statuses)} times in 30 s and was never throttled"
        assert chirp(667, "an ordinary chirp") == 202, "another user is not throttled"
    finally:
        for job in jobs:
            job.stop()
