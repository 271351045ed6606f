"""confluent-kafka (librdkafka 2.16) against box broker."""
import threading
import time

import pytest

from confluent_kafka import Consumer, Producer, TopicPartition


def produce(address, topic, messages, **config):
    producer = Producer({"bootstrap.servers": address, "acks": "all", "linger.ms": 5, **config})
    acked = []
    errors = []

    def report(error, message):
        (errors if error else acked).append(error or (message.partition(), message.offset(), message.value()))

    for key, value in messages:
        producer.produce(topic, key=key, value=value, headers=[("source", b"box")], on_delivery=report)
        producer.poll(0)
    assert producer.flush(30) == 0, "messages still in flight after 30 s"
    assert errors == []
    return acked


def consume(address, topic, group, count, timeout=30.0):
    consumer = Consumer({"bootstrap.servers": address, "group.id": group, "auto.offset.reset": "earliest",
                         "check.crcs": True, "enable.auto.commit": False})
    consumer.subscribe([topic])
    got = []
    deadline = time.monotonic() + timeout
    while len(got) < count and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error():
            continue
        got.append(message)
    consumer.commit(asynchronous=False)
    consumer.close()
    return got


def test_producer_acks_all_and_group_consumer(make_broker):
    broker = make_broker(partitions=3)
    messages = [(f"user-{i % 50}".encode(), f"chirp {i}".encode()) for i in range(3000)]
    acked = produce(broker.address, "chirps", messages)
    assert len(acked) == 3000
    partition_of = {value: partition for partition, _, value in acked}
    by_key = {}
    for key, value in messages:
        by_key.setdefault(key, set()).add(partition_of[value])
    assert all(len(partitions) == 1 for partitions in by_key.values()), "a key always goes to one partition"

    got = consume(broker.address, "chirps", "readers", 3000)
    assert sorted(m.value() for m in got) == sorted(v for _, v in messages)
    assert all(m.headers() == [("source", b"box")] for m in got)
    for partition in range(3):
        offsets = [m.offset() for m in got if m.partition() == partition]
        assert offsets == sorted(offsets), "in order within a partition"

    more = produce(broker.address, "chirps", [(b"late", b"after commit")])
    assert len(more) == 1
    again = consume(broker.address, "chirps", "readers", 1)
    assert [m.value() for m in again] == [b"after commit"], "the group resumes after its committed offsets"


def test_kill9_during_acks_all_load_loses_nothing_acknowledged(make_broker):
    broker = make_broker()
    producer = Producer({"bootstrap.servers": broker.address, "acks": "all", "linger.ms": 1,
                         "message.timeout.ms": 3000, "retries": 0})
    acked = []
    killed = threading.Event()

    def report(error, message):
        if error is None:
            acked.append(message.value())

    for i in range(200_000):
        producer.produce("load", value=f"{i:08d}".encode(), on_delivery=report)
        producer.poll(0)
        if len(acked) >= 5_000 and not killed.is_set():
            broker.kill9()
            killed.set()
            break
    producer.flush(10)
    assert killed.is_set(), "the load reached 5,000 acknowledged records"
    restarted = make_broker(data=broker.data)
    consumer = Consumer({"bootstrap.servers": restarted.address, "group.id": "audit",
                         "auto.offset.reset": "earliest", "check.crcs": True})
    consumer.assign([TopicPartition("load", 0, 0)])
    stored = []
    while True:
        message = consumer.poll(2.0)
        if message is None:
            break
        assert not message.error(), message.error()
        stored.append(message.value())
    consumer.close()
    assert len(stored) == len(set(stored)), "no record stored twice"
    assert stored == sorted(stored), "in order"
    missing = set(acked) - set(stored)
    assert not missing, f"{len(missing)} acknowledged records lost, e.g. {sorted(missing)[:5]}"


def test_offsets_for_times(make_broker):
    broker = make_broker()
    producer = Producer({"bootstrap.servers": broker.address, "acks": "all", "linger.ms": 0, "batch.num.messages": 1})
    for i, ts in enumerate([1_000_000, 2_000_000, 3_000_000]):
        producer.produce("timed", value=f"m{i}".encode(), timestamp=ts)
        producer.flush(10)
    consumer = Consumer({"bootstrap.servers": broker.address, "group.id": "timer"})
    found = [consumer.offsets_for_times([TopicPartition("timed", 0, ts)], timeout=10)[0].offset
             for ts in (500_000, 1_500_000, 3_000_000)]
    consumer.close()
    assert found == [0, 1, 2], "the first record at or after each time"


@pytest.mark.parametrize("segment_bytes", [None, 16_384], ids=["one segment", "16 KiB segments"])
def test_idempotent_producer_across_kill9_and_restart_stores_each_record_once_in_order(make_broker, segment_bytes):
    """librdkafka's idempotent producer keeps up to five batches in flight; the
    broker is killed and restarted under it. What it sends again (a batch may have
    been written before the kill and its answer lost) must be stored once, in order,
    and the broker's sequence checks must not refuse a batch that is in order.
    With 16 KiB segments the log rolls every couple of batches and the restart
    rebuilds the producer's state from a snapshot (the raw-batch test in
    BadInputTests pins down the case where a retried batch is in an older segment)."""
    broker = make_broker(segment_bytes=segment_bytes)
    producer = Producer({"bootstrap.servers": broker.address, "enable.idempotence": True, "acks": "all",
                         "linger.ms": 1, "batch.num.messages": 100, "message.timeout.ms": 60000})
    acked, errors = [], []

    def report(error, message):
        (errors if error else acked).append(error or message.value())

    total = 40_000
    restarted = None
    for i in range(total):
        while True:
            try:
                producer.produce("exactly-once", value=f"{i:08d}".encode(), on_delivery=report)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
        if i == total // 2:
            # Half produced: once 5,000 are acknowledged, kill -9 with the rest in flight.
            deadline = time.monotonic() + 30
            while len(acked) < 5_000 and time.monotonic() < deadline:
                producer.poll(0.01)
            restarted = broker.restart()
    assert producer.flush(60) == 0, "messages still in flight 60 s after the restart"
    assert errors == [], f"delivery errors: {errors[:3]}"
    assert len(acked) == total

    consumer = Consumer({"bootstrap.servers": restarted.address, "group.id": "audit",
                         "auto.offset.reset": "earliest", "check.crcs": True})
    consumer.assign([TopicPartition("exactly-once", 0, 0)])
    stored = []
    deadline = time.monotonic() + 60
    while len(stored) < total and time.monotonic() < deadline:
        message = consumer.poll(1.0)
        if message is None or message.error():
            continue
        stored.append(message.value())
    consumer.close()
    expected = [f"{i:08d}".encode() for i in range(total)]
    duplicated = len(stored) - len(set(stored))
    assert duplicated == 0, f"{duplicated} records stored twice"
    assert stored == expected, "every record once, in the order produced"
