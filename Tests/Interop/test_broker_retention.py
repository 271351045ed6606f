"""Segments and retention as students see them with the real tools: a
broker with small segments rolls them, and retention by size deletes the
oldest, moving the log start offset that confluent-kafka reads."""
import os
import tempfile

from confluent_kafka import Consumer, Producer, TopicPartition

from conftest import BoxProcess, wait_until


def test_small_segments_roll_and_retention_moves_the_log_start_offset():
    data = tempfile.mkdtemp(prefix="retention-")
    broker = BoxProcess("broker", "--port", "0", "--data", data, "--segment-bytes", "4096",
                        "--retention-bytes", "8192", "--retention-check-ms", "100",
                        ready=r"listening on 127\.0\.0\.1:(\d+)")
    try:
        address = f"127.0.0.1:{broker.match.group(1)}"
        producer = Producer({"bootstrap.servers": address, "linger.ms": 0, "batch.num.messages": 10})
        for i in range(400):
            producer.produce("chirps", value=f"record {i:04d} ".encode() * 8)
            if i % 10 == 9:
                producer.flush(10)
        assert producer.flush(30) == 0
        segments = lambda: sorted(f for f in os.listdir(os.path.join(data, "chirps-0")) if f.endswith(".log"))
        consumer = Consumer({"bootstrap.servers": address, "group.id": "retention"})
        start = lambda: consumer.get_watermark_offsets(TopicPartition("chirps", 0), timeout=10)[0]
        wait_until(lambda: start() > 0, timeout=20, what="retention to delete the oldest segments")
        low, high = consumer.get_watermark_offsets(TopicPartition("chirps", 0), timeout=10)
        assert high == 400
        assert segments()[0] == f"{low:020d}.log", "the log starts at its oldest remaining segment's base offset"
        assert 2 <= len(segments()) <= 4, f"8 KB of retention over 4 KB segments keeps a few: {segments()}"
        consumer.close()
    finally:
        broker.kill9()
